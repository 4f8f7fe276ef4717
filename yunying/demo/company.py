"""Building the demo company: organisation, regulations and (in later modules) history."""

from __future__ import annotations

from yunying.core.models import Employee
from yunying.core.services.setup import load_organisation
from yunying.policy.services import load_regulations

from .calendar import build_calendar
from .channels import build_channels
from .files import DEFAULT_REGULATIONS, HERE, read_yaml
from .masterdata import build_masterdata

DEMO_PASSWORD = "yunying2026"  # noqa: S105 - the demo's published password


def build_organisation(
    *, password: str = DEMO_PASSWORD, masterdata: bool = True
) -> dict[str, Employee]:
    """The organisation, the default regulations, the working calendar and the master data of
    the demo company."""
    employees = load_organisation(read_yaml(HERE / "organisation.yaml"), password=password)
    load_regulations(read_yaml(DEFAULT_REGULATIONS))
    build_calendar()
    if masterdata:
        build_masterdata()
    return employees


def build(*, history: bool = True) -> None:
    """The whole demo company: the organisation and master data, then (``history``) a few
    months of plans, contracts, orders and stock movements."""
    build_organisation()
    build_channels()
    if history:
        from .history import build_history

        build_history()
