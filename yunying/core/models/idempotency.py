"""Idempotency keys: a POST sent again with the same ``Idempotency-Key`` gets the first answer."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """The first answer to a POST with this key from this user, saved in the transaction of the
    request itself: either the document and this row are both saved, or neither is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=255)
    request_hash = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField(null=True)
    answer = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_key_and_user")
        ]

    def __str__(self) -> str:
        return self.key
