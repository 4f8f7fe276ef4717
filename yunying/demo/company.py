"""Building the demo company: organisation, regulations and (in later modules) history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from yunying.core.models import Employee
from yunying.core.services.setup import load_organisation
from yunying.policy.services import load_regulations

HERE = Path(__file__).resolve().parent
DEFAULT_REGULATIONS = HERE.parent / "policy" / "defaults" / "regulations.yaml"
DEMO_PASSWORD = "yunying2026"  # noqa: S105 - the demo's published password


def read_yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def build_organisation(
    *, password: str = DEMO_PASSWORD, masterdata: bool = True
) -> dict[str, Employee]:
    """The organisation, the default regulations and the master data of the demo company."""
    employees = load_organisation(read_yaml(HERE / "organisation.yaml"), password=password)
    load_regulations(read_yaml(DEFAULT_REGULATIONS))
    if masterdata:
        from .masterdata import build_masterdata

        build_masterdata()
    return employees
