"""The one access mechanism (ORG-2, ORG-4).

Apps register their permission codes here. A position holds codes, each with a data scope; an
employee's grants for a code are the union over their positions. Every list, detail, export and
API queryset of scoped records goes through :func:`scope`; actions check :func:`require`.
A record outside the scope is reported as not found, so its existence does not leak.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from .errors import NotAllowed
from .models.org import SCOPE_RANK, DataScope, Employee, PositionPermission

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class PermissionDef:
    code: str
    label: _StrPromise | str
    group: _StrPromise | str
    scoped: bool = True
    # Grants to protected data (customers, suppliers, prices, contracts, salaries): exports of it
    # are audited (ORG-4).
    protected: bool = False


@dataclass(frozen=True)
class Grant:
    scope: str
    department_id: int
    department_path: str


_PERMISSIONS: dict[str, PermissionDef] = {}


def register(
    code: str,
    label: _StrPromise | str,
    *,
    group: _StrPromise | str,
    scoped: bool = True,
    protected: bool = False,
) -> None:
    _PERMISSIONS[code] = PermissionDef(code, label, group, scoped, protected)


def permission(code: str) -> PermissionDef | None:
    return _PERMISSIONS.get(code)


def all_permissions() -> list[PermissionDef]:
    return sorted(_PERMISSIONS.values(), key=lambda p: p.code)


def grants(employee: Employee | None, code: str) -> list[Grant]:
    """The employee's grants of ``code``, loaded once per employee object."""
    if employee is None or not employee.active:
        return []
    cache: dict[str, list[Grant]] | None = getattr(employee, "_grant_cache", None)
    if cache is None:
        cache = defaultdict(list)
        rows = PositionPermission.objects.filter(position__holders=employee).values_list(
            "code", "scope", "position__department_id", "position__department__path"
        )
        for row_code, scope_value, department_id, path in rows:
            cache[row_code].append(Grant(scope_value, department_id, path))
        employee._grant_cache = cache  # type: ignore[attr-defined]
    return cache.get(code, [])


def forget_grants(employee: Employee) -> None:
    """Drop the cached grants (after the employee's positions or permissions changed)."""
    if hasattr(employee, "_grant_cache"):
        del employee._grant_cache


def has_perm(employee: Employee | None, code: str) -> bool:
    return bool(grants(employee, code))


def widest_scope(employee: Employee | None, code: str) -> str | None:
    held = grants(employee, code)
    if not held:
        return None
    return max((g.scope for g in held), key=lambda s: SCOPE_RANK[DataScope(s)])


def require(employee: Employee | None, code: str) -> None:
    if not has_perm(employee, code):
        definition = _PERMISSIONS.get(code)
        raise NotAllowed(
            _("You do not have the permission “%(permission)s”.")
            % {"permission": definition.label if definition else code}
        )


def scope_filter(model: type[Model], employee: Employee | None, code: str) -> Q | None:
    """The filter that limits ``model`` to the employee's scope for ``code``.

    ``None`` means no limit (scope "all"); an empty result means nothing is visible.
    """
    held = grants(employee, code)
    if not held:
        return Q(pk__in=[])
    if any(g.scope == DataScope.ALL for g in held):
        return None
    department_field: str = getattr(model, "SCOPE_DEPARTMENT", "department")
    owner_field: str = getattr(model, "SCOPE_OWNER", "created_by")
    condition = Q()
    if employee is None:
        return Q(pk__in=[])
    for grant in held:
        if grant.scope == DataScope.OWN:
            condition |= Q(**{owner_field: employee.pk})
        elif grant.scope == DataScope.DEPARTMENT:
            condition |= Q(**{department_field: grant.department_id})
        elif grant.scope == DataScope.SUBTREE:
            condition |= Q(**{f"{department_field}__path__startswith": grant.department_path})
    return condition


def scope(queryset: QuerySet[M], employee: Employee | None, code: str) -> QuerySet[M]:
    """``queryset`` limited to what ``employee`` may see under permission ``code``."""
    condition = scope_filter(queryset.model, employee, code)
    return queryset if condition is None else queryset.filter(condition)


def in_scope(employee: Employee | None, code: str, obj: Model) -> bool:
    known = _covers(employee, code, obj)
    if known is not None:
        return known
    model = type(obj)
    return scope(model._default_manager.filter(pk=obj.pk), employee, code).exists()


def _attribute(obj: Model, path: str) -> Any:
    """The value behind a scope field of ``obj`` (its id for a foreign key), or ``None`` when
    the path leads through other records."""
    if "__" in path:
        return None
    if path in ("id", "pk"):
        return obj.pk
    try:
        field = obj._meta.get_field(path)
    except FieldDoesNotExist:
        return None
    return getattr(obj, getattr(field, "attname", path), None)


def _covers(employee: Employee | None, code: str, obj: Model) -> bool | None:
    """:func:`in_scope` decided from the loaded record without a query, as
    :func:`scope_filter` would filter it; ``None`` when only the database can tell (a record
    in another department under a subtree scope, or scope fields that lead through other
    records)."""
    held = grants(employee, code)
    if not held or employee is None:
        return False
    department_field: str = getattr(type(obj), "SCOPE_DEPARTMENT", "department")
    owner_field: str = getattr(type(obj), "SCOPE_OWNER", "created_by")
    department_id = _attribute(obj, department_field)
    owner_id = _attribute(obj, owner_field)
    undecided = department_id is None or owner_id is None
    for grant in held:
        if grant.scope == DataScope.ALL:
            return True
        if grant.scope == DataScope.OWN and owner_id == employee.pk:
            return True
        if grant.scope in (DataScope.DEPARTMENT, DataScope.SUBTREE):
            if department_id == grant.department_id:
                return True
            # Below the grant's department: the tree is read from the database, never from a
            # department object loaded earlier (departments move).
            undecided = undecided or grant.scope == DataScope.SUBTREE
    return None if undecided else False


def require_in_scope(employee: Employee | None, code: str, obj: Model) -> None:
    """Refuse an action on ``obj`` unless the employee holds ``code`` with a scope covering it."""
    require(employee, code)
    if not in_scope(employee, code, obj):
        raise NotAllowed(
            _("“%(object)s” is outside your data scope.") % {"object": obj},
        )


def permission_choices() -> list[tuple[str, Any]]:
    return [(p.code, f"{p.code} · {p.label}") for p in all_permissions()]


def department_in_scope(employee: Employee | None, code: str, department: Any) -> bool:
    """Whether ``code`` reaches records of ``department`` (used before creating a record there)."""
    for grant in grants(employee, code):
        if grant.scope == DataScope.ALL:
            return True
        if grant.scope == DataScope.SUBTREE and department.path.startswith(grant.department_path):
            return True
        if grant.scope == DataScope.DEPARTMENT and department.pk == grant.department_id:
            return True
    return False


def may_hold(employee: Employee | None, code: str, department: Any, owner: Employee | None) -> bool:
    """Whether a record of ``department`` owned by ``owner`` lies within the employee's scope for
    ``code`` (before creating it): its department is in scope, or the employee holds ``code`` for
    their own records and the record is theirs, in their department."""
    if department_in_scope(employee, code, department):
        return True
    if employee is None or owner is None or owner.pk != employee.pk:
        return False
    own = any(g.scope == DataScope.OWN for g in grants(employee, code))
    return own and department.pk == employee.department_id


def require_to_hold(
    employee: Employee | None, code: str, department: Any, owner: Employee | None
) -> None:
    require(employee, code)
    if not may_hold(employee, code, department, owner):
        raise NotAllowed(
            _("The department “%(department)s” is outside your data scope.")
            % {"department": department}
        )


def require_department(employee: Employee | None, code: str, department: Any) -> None:
    require(employee, code)
    if not department_in_scope(employee, code, department):
        raise NotAllowed(
            _("The department “%(department)s” is outside your data scope.")
            % {"department": department}
        )
