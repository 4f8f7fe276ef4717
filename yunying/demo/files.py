"""Where the demo company's descriptions are kept, and how they are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_REGULATIONS = HERE.parent / "policy" / "defaults" / "regulations.yaml"


def read_yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data
