"""Document types known to the approvals engine.

Each app registers its documents in ``AppConfig.ready()``; the engine knows no domain app. The
hooks run inside the transaction of the decision that triggers them, with the document locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from yunying.core.models import Department, Employee

    from .models import ApprovalRequest

Hook = Callable[[Any, "ApprovalRequest", "Employee"], None]


def _no_amount(document: Any) -> Decimal | None:
    return None


def _department(document: Any) -> Department:
    department: Department = document.department
    return department


def _title(document: Any) -> str:
    return str(document)


def _nobody(document: Any) -> set[int]:
    return set()


@dataclass(frozen=True)
class DocumentType:
    key: str
    model: type[Model]
    label: _StrPromise | str
    on_approved: Hook
    on_rejected: Hook
    on_returned: Hook
    on_withdrawn: Hook
    url: Callable[[Any], str]
    # The amount that conditions compare, in the company currency.
    amount: Callable[[Any], Decimal | None] = _no_amount
    department: Callable[[Any], Department] = _department
    title: Callable[[Any], str] = _title
    # A template fragment that shows the document on the approval page ({{ document }}).
    summary_template: str = ""
    # The employees (ids) the document benefits: they never approve it (ORG-3), like the
    # requester.
    beneficiaries: Callable[[Any], set[int]] = _nobody
    # Another document type whose approval chain this one follows (its key), if it has none of
    # its own in the regulations.
    chain: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def chain_key(self) -> str:
        return self.chain or self.key

    @property
    def rule_key(self) -> str:
        return f"approval.{self.chain_key}"


_TYPES: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> None:
    _TYPES[document_type.key] = document_type


def get(key: str) -> DocumentType:
    return _TYPES[key]


def for_model(model: type[Model]) -> DocumentType:
    for document_type in _TYPES.values():
        if document_type.model is model:
            return document_type
    raise KeyError(model)


def all_types() -> list[DocumentType]:
    return list(_TYPES.values())
