from __future__ import annotations

from typing import Any

import pytest

from yunying.core.models import Employee


@pytest.fixture
def org(transactional_db: Any) -> None:
    """Transactional tests start from an empty database: load the company for them."""
    if not Employee.objects.exists():
        from yunying.demo.company import build_organisation

        build_organisation(password="test-pass-1")
