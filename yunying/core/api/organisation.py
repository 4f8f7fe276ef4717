"""REST resources of the organisation: departments, positions and employees (an employee's
new positions wait for an approved assignment change, ORG-3)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors
from ..apibase import ERRORS, ActorMixin, valid_input
from ..exports import employees_workbook
from ..models import AssignmentChange, Department, Employee, Position
from ..services import assignment, employees, org
from .position_changes import PermissionGrantSerializer, PositionChangeSerializer


class DepartmentSerializer(serializers.ModelSerializer[Department]):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "parent", "path", "sort_order", "active"]
        read_only_fields = fields


class DepartmentCreateInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=100)
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Department.objects.all(), allow_null=True, default=None
    )
    sort_order = serializers.IntegerField(
        min_value=0, max_value=2147483647, required=False, default=0
    )


class DepartmentInput(DepartmentCreateInput):
    """A whole department on update: ``parent`` is given (null: a top department)."""

    parent = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), allow_null=True)
    active = serializers.BooleanField(required=False, default=True)


class PositionSerializer(serializers.ModelSerializer[Position]):
    department_name = serializers.CharField(source="department.name", read_only=True)
    permissions = PermissionGrantSerializer(many=True, read_only=True)
    holders = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = [
            "id",
            "code",
            "name",
            "department",
            "department_name",
            "is_head",
            "is_leader",
            "headcount",
            "duties",
            "permissions",
            "holders",
        ]
        read_only_fields = fields

    def get_holders(self, position: Position) -> list[str]:
        return [e.name for e in position.holders.all() if e.active]


class PositionInput(serializers.Serializer[Any]):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    code = serializers.CharField(max_length=60)
    name = serializers.CharField(max_length=100)
    is_head = serializers.BooleanField(
        default=False,
        help_text="Must stay false: a position becomes its department's head by a position "
        "change, once approved (ORG-3).",
    )
    is_leader = serializers.BooleanField(
        default=False,
        help_text="Must stay false: a position becomes a company leader by a position change, "
        "once approved (ORG-3).",
    )
    headcount = serializers.IntegerField(min_value=1, allow_null=True, required=False)
    duties = serializers.CharField(allow_blank=True, required=False, default="")


class AssignmentChangeSerializer(serializers.ModelSerializer[AssignmentChange]):
    """A change of the positions an employee holds, in force once approved (ORG-3)."""

    positions: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = AssignmentChange
        fields = ["id", "number", "state", "employee", "positions", "reason", "applied_at"]
        read_only_fields = fields


class EmployeeSerializer(serializers.ModelSerializer[Employee]):
    username = serializers.CharField(source="user.username", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    positions: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    superior_name = serializers.CharField(source="superior.name", read_only=True, default=None)
    monthly_salary = serializers.SerializerMethodField()
    pending_assignment = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "id",
            "employee_no",
            "username",
            "name",
            "department",
            "department_name",
            "positions",
            "superior",
            "superior_name",
            "monthly_salary",
            "email",
            "phone",
            "active",
            "pending_assignment",
        ]
        read_only_fields = fields

    @extend_schema_field(AssignmentChangeSerializer(allow_null=True))
    def get_pending_assignment(self, employee: Employee) -> dict[str, Any] | None:
        """The change of the employee's positions awaiting approval: ``positions`` are those
        held until it is approved (ORG-3)."""
        change = assignment.pending(employee)
        return AssignmentChangeSerializer(change).data if change is not None else None

    def get_monthly_salary(self, employee: Employee) -> str | None:
        """Shown only to those who may see salaries in their scope (ORG-4)."""
        visible: set[int] = self.context.get("salary_ids", set())
        return str(employee.monthly_salary) if employee.pk in visible else None


class EmployeeUpdateInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    positions = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Position.objects.all()
    )
    superior = serializers.PrimaryKeyRelatedField(  # given on update (null: none)
        queryset=Employee.objects.all(), allow_null=True
    )
    monthly_salary = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    email = serializers.EmailField(allow_blank=True, required=False, default="")
    phone = serializers.CharField(allow_blank=True, required=False, default="", max_length=40)
    reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=300,
        help_text="Why the positions change: a different set of positions takes effect once "
        "approved (ORG-3; see pending_assignment).",
    )


class EmployeeCreateInput(EmployeeUpdateInput):
    superior = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.all(), allow_null=True, default=None
    )
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True)
    employee_no = serializers.CharField(max_length=30)


# --------------------------------------------------------------------------- views


class DepartmentViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Department],
):
    """The department tree (ORG-2). Everybody sees it; changing it needs core.manage_org."""

    serializer_class = DepartmentSerializer
    pagination_class = None

    def visible(self) -> QuerySet[Department]:
        return selectors.departments()

    @extend_schema(request=DepartmentCreateInput, responses={201: DepartmentSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(DepartmentCreateInput, request)
        department = org.create_department(actor=self.actor, **data)
        return Response(DepartmentSerializer(department).data, status=201)

    @extend_schema(request=DepartmentInput, responses={200: DepartmentSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        department = self.get_object()
        data = valid_input(DepartmentInput, request)
        data.pop("code")
        department = org.update_department(department=department, actor=self.actor, **data)
        return Response(DepartmentSerializer(department).data)


class PositionViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Position]
):
    """Positions with their permissions and data scopes (ORG-1, ORG-2)."""

    serializer_class = PositionSerializer
    pagination_class = None

    def visible(self) -> QuerySet[Position]:
        return selectors.positions().prefetch_related("holders")

    @extend_schema(request=PositionInput, responses={201: PositionSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(PositionInput, request)
        position = org.create_position(actor=self.actor, **data)
        return Response(PositionSerializer(position).data, status=201)

    @extend_schema(responses={200: PositionChangeSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The approved changes of the position, newest first, each with what it replaced."""
        changes = selectors.position_history(self.get_object()).prefetch_related("lines")
        return Response(PositionChangeSerializer(changes, many=True).data)


class EmployeeViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Employee]
):
    """Employees within the caller's data scope for core.view_employee (ORG-2, ORG-4)."""

    serializer_class = EmployeeSerializer

    def visible(self) -> QuerySet[Employee]:
        return selectors.employees_visible_to(self.actor)

    def get_serializer(self, *args: Any, **kwargs: Any) -> EmployeeSerializer:
        employees = args[0] if args else None
        if employees is not None:
            ids = [e.pk for e in employees] if kwargs.get("many") else [employees.pk]
            kwargs["context"] = {
                **self.get_serializer_context(),
                "salary_ids": selectors.salary_visible_ids(
                    self.actor, Employee.objects.filter(pk__in=ids)
                ),
            }
        return EmployeeSerializer(*args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require(selectors.VIEW_EMPLOYEE)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=EmployeeCreateInput, responses={201: EmployeeSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = valid_input(EmployeeCreateInput, request)
        data.pop("reason", None)  # a new employee's positions go to approval as they are
        employee = employees.create_employee(actor=self.actor, **data)
        return Response(self.get_serializer(employee).data, status=201)

    @extend_schema(request=EmployeeUpdateInput, responses={200: EmployeeSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        employee = self.get_object()
        data = valid_input(EmployeeUpdateInput, request)
        employee = employees.update_employee(employee=employee, actor=self.actor, **data)
        return Response(self.get_serializer(employee).data)

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes
        }
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        """The visible employees as an Excel file; the export is audited (ORG-4)."""
        self.require(selectors.VIEW_EMPLOYEE, export="core.employee")
        return employees_workbook(self.actor, self.get_queryset())
