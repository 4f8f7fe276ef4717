"""The contact log over the API (COMM-3): records with one customer or one supplier, their
follow-ups as tasks in their owners' inboxes, edited by the author within a week."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yunying.core import lists
from yunying.core.apibase import ERRORS, ActorMixin, valid_input
from yunying.core.errors import NotAllowed, ValidationFailed
from yunying.core.models import Employee
from yunying.masterdata.models import Contact, Customer, Supplier

from .. import selectors
from ..lists import CONTACTS, contact_rows
from ..models import ContactRecord, FollowUp, Promotion
from ..services import contacts
from ..services.contacts import FollowUpInput
from .common import found, id_field


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    done = serializers.BooleanField(read_only=True)
    task = serializers.IntegerField(source="task_id", read_only=True, allow_null=True)

    class Meta:
        model = FollowUp
        fields = ["id", "record", "owner", "owner_name", "due_on", "text", "done", "task"]
        read_only_fields = fields


class ContactRecordSerializer(serializers.ModelSerializer[ContactRecord]):
    customer_name = serializers.CharField(source="customer.name", read_only=True, default=None)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True, default=None)
    contact_name = serializers.CharField(source="contact.name", read_only=True, default=None)
    author = serializers.CharField(source="created_by.name", read_only=True)
    participants: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = ContactRecord
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "supplier",
            "supplier_name",
            "kind",
            "occurred_at",
            "contact",
            "contact_name",
            "participants",
            "subject",
            "notes",
            "promotion",
            "created_by",
            "author",
            "created_at",
            "follow_ups",
        ]
        read_only_fields = fields


class FollowUpInputSerializer(serializers.Serializer[Any]):
    owner = id_field(help_text="The employee who follows up.")
    due_on = serializers.DateField()
    text = serializers.CharField(max_length=300)


class ContactChangeInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ContactRecord.Kind.choices)
    occurred_at = serializers.DateTimeField(help_text="When it happened; not in the future.")
    contact = id_field(
        required=False, allow_null=True, default=None, help_text="A contact person of the party."
    )
    participants = serializers.ListField(
        child=id_field(), required=False, default=list, max_length=50
    )
    subject = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    follow_ups = FollowUpInputSerializer(many=True, required=False, default=list)
    promotion = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="The approved promotion the contact arose from: it counts as its lead (MKT-2).",
    )


class ContactInput(ContactChangeInput):
    customer = id_field(required=False, allow_null=True, default=None)
    supplier = id_field(required=False, allow_null=True, default=None)


def _employees(ids: list[int], field: str) -> list[Employee]:
    people = {e.pk: e for e in Employee.objects.filter(pk__in=ids)}
    for index, pk in enumerate(ids):
        if pk not in people:
            raise ValidationFailed(
                _("No such employee: %(id)s.") % {"id": pk}, field=f"{field}[{index}]"
            )
    return [people[pk] for pk in ids]


def _follow_ups(rows: list[dict[str, Any]]) -> list[FollowUpInput]:
    owners = _employees([row["owner"] for row in rows], "follow_ups")
    return [
        FollowUpInput(owner=owner, due_on=row["due_on"], text=row["text"])
        for owner, row in zip(owners, rows, strict=True)
    ]


def _promotion(pk: int | None) -> Promotion | None:
    if pk is None:
        return None
    promotion = Promotion.objects.filter(pk=pk).first()
    if promotion is None:
        raise ValidationFailed(_("No such promotion: %(id)s.") % {"id": pk}, field="promotion")
    return promotion


def _common(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "occurred_at": data["occurred_at"],
        "contact": found(Contact.objects.all(), data["contact"], "contact"),
        "participants": _employees(data["participants"], "participants"),
        "subject": data["subject"],
        "notes": data["notes"],
        "follow_ups": _follow_ups(data["follow_ups"]),
        "promotion": _promotion(data["promotion"]),
    }


CONTACT_FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Number, subject, notes or party."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=ContactRecord.Kind.values),
    OpenApiParameter("customer", OpenApiTypes.INT),
    OpenApiParameter("supplier", OpenApiTypes.INT),
    OpenApiParameter("since", OpenApiTypes.DATE),
    OpenApiParameter("until", OpenApiTypes.DATE),
    lists.sort_parameter(CONTACTS),
]


class ContactViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ContactRecord],
):
    """Contacts with customers and suppliers and their follow-ups (COMM-3)."""

    serializer_class = ContactRecordSerializer

    def visible(self) -> QuerySet[ContactRecord]:
        rows = selectors.contacts_visible_to(self.actor).prefetch_related(
            "participants", "follow_ups__owner", "follow_ups__task"
        )
        if self.action == "list":
            params = self.request.query_params
            rows = lists.api_ordered(CONTACTS, contact_rows(self.actor, params), params)
            rows = rows.prefetch_related("participants", "follow_ups__owner", "follow_ups__task")
        return rows

    def _answer(self, record: ContactRecord, status: int = 200) -> Response:
        fresh = self.visible().get(pk=record.pk)
        return Response(ContactRecordSerializer(fresh).data, status=status)

    @extend_schema(parameters=CONTACT_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not selectors.may_see_contacts(self.actor):
            raise NotAllowed(_("The contact log is for those who keep or read it."))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ContactInput, responses={201: ContactRecordSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Log a contact with exactly one customer or one supplier (400 naming ``customer``
        otherwise); each follow-up becomes a task for its owner, due on its day."""
        self.require("crm.log_contact")
        data = valid_input(ContactInput, request)
        record = contacts.log_contact(
            actor=self.actor,
            customer=found(Customer.objects.all(), data["customer"], "customer"),
            supplier=found(Supplier.objects.all(), data["supplier"], "supplier"),
            **_common(data),
        )
        return self._answer(record, 201)

    @extend_schema(request=ContactChangeInput, responses={200: ContactRecordSerializer, **ERRORS})
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Correct a record: its author, within 7 days of logging it. The party stays; follow-ups
        given are added to those it has."""
        record = self.get_object()
        data = valid_input(ContactChangeInput, request)
        record = contacts.update_contact(actor=self.actor, record=record, **_common(data))
        return self._answer(record)


class FollowUpViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[FollowUp],
):
    """Follow-ups of the contacts one may read; ``?mine=true`` for one's own open ones."""

    serializer_class = FollowUpSerializer

    def visible(self) -> QuerySet[FollowUp]:
        rows = (
            FollowUp.objects.filter(record__in=selectors.contacts_visible_to(self.actor))
            .select_related("owner", "task")
            .order_by("due_on", "id")
        )
        if self.request.query_params.get("mine") == "true":
            rows = rows.filter(owner=self.actor, task__state="open")
        return rows

    @extend_schema(parameters=[OpenApiParameter("mine", OpenApiTypes.BOOL)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: FollowUpSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """The owner marks the follow-up done; its task in 我的待办 closes."""
        return self.perform(
            contacts.finish_follow_up, answer=FollowUpSerializer, follow_up=self.get_object()
        )
