"""What the supplier and customer resources share: their common fields, their contacts and
the input both take."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yunying.core.models import Department, Employee

from ..models import Contact


class ContactSerializer(serializers.ModelSerializer[Contact]):
    class Meta:
        model = Contact
        fields = ["id", "name", "role", "phone", "email"]
        read_only_fields = fields


PARTY_FIELDS = [
    "id",
    "code",
    "name",
    "contact_person",
    "phone",
    "email",
    "address",
    "payment_terms_days",
    "department",
    "department_name",
    "owner",
    "owner_name",
    "active",
    "created_at",
    "contacts",
]


class PartyInput(serializers.Serializer[Any]):
    """Fields left out keep their value (a new record gets the defaults). On update the code
    is ignored: a record keeps its code."""

    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=200)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    contact_person = serializers.CharField(max_length=100, allow_blank=True, required=False)
    phone = serializers.CharField(max_length=40, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    address = serializers.CharField(max_length=300, allow_blank=True, required=False)
    payment_terms_days = serializers.IntegerField(min_value=0, max_value=36500, required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), allow_null=True, required=False
    )
    active = serializers.BooleanField(required=False)
