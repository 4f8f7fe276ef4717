from __future__ import annotations

from typing import ClassVar

from django.db import models


class DocumentSequence(models.Model):
    """The last number handed out per document type and year; locked while a number is taken."""

    prefix = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_sequence_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"
