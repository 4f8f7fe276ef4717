"""The departments' group robots (``core.models.DepartmentChannel``), set by the administrator
(``core.manage_org``): one robot per department; the address and secret are kept, and the audit
trail records which host, kind and signing a department's robot uses, never the secret or the
key in the address. Each employee chooses whether news reaches them by e-mail, and in which
language (``set_preference``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import access
from ..errors import ValidationFailed
from ..models import ChannelKind, DeliveryPreference, Department, DepartmentChannel, Employee
from ..models.channels import webhook_url_validator
from ..tx import transactional
from . import audit

ADMINISTRATOR = "core.manage_org"
SIGNED = (ChannelKind.DINGTALK, ChannelKind.FEISHU)


def _checked(kind: str, webhook_url: str, secret: str | None) -> tuple[str, str]:
    if kind not in ChannelKind.values:
        raise ValidationFailed(_("Choose WeCom, DingTalk or Feishu."), field="kind")
    url = (webhook_url or "").strip()
    try:
        webhook_url_validator(url)
    except ValidationError as error:
        raise ValidationFailed(
            _("Enter the robot's webhook address, starting with http:// or https://."),
            field="webhook_url",
        ) from error
    if len(url) > 500:
        raise ValidationFailed(_("The address is longer than 500 characters."), field="webhook_url")
    secret = (secret or "").strip()
    if secret and kind not in SIGNED:
        raise ValidationFailed(
            _("WeCom robots are not signed: leave the secret blank."), field="secret"
        )
    if len(secret) > 200:
        raise ValidationFailed(_("The secret is longer than 200 characters."), field="secret")
    return url, secret


def _described(channel: DepartmentChannel) -> dict[str, Any]:
    return {
        "department": channel.department.code,
        "kind": channel.kind,
        "host": urlsplit(channel.webhook_url).hostname or "",
        "signed": bool(channel.secret),
        "active": channel.active,
    }


@transactional
def create_channel(
    *,
    actor: Employee,
    department: Department,
    kind: str,
    webhook_url: str,
    secret: str | None = None,
    active: bool = True,
) -> DepartmentChannel:
    """The department's robot; a department has one at most."""
    access.require(actor, ADMINISTRATOR)
    url, secret = _checked(kind, webhook_url, secret)
    if DepartmentChannel.objects.filter(department=department).exists():
        raise ValidationFailed(
            _("%(department)s has a robot already: change that one.")
            % {"department": department.name},
            field="department",
        )
    channel = DepartmentChannel.objects.create(
        department=department, kind=kind, webhook_url=url, secret=secret, active=active
    )
    audit.record(
        actor=actor, action="core.create_channel", obj=channel, changes=_described(channel)
    )
    return channel


@transactional
def update_channel(
    *,
    actor: Employee,
    channel: DepartmentChannel,
    kind: str,
    webhook_url: str,
    secret: str | None = None,
    active: bool = True,
) -> DepartmentChannel:
    """Change a robot; ``secret`` ``None`` keeps the one it has (``""`` removes it)."""
    access.require(actor, ADMINISTRATOR)
    channel = (
        DepartmentChannel.objects.select_for_update(no_key=True)
        .select_related("department")
        .get(pk=channel.pk)
    )
    kept = channel.secret if secret is None and kind in SIGNED else secret
    url, kept = _checked(kind, webhook_url, kept)
    before = _described(channel)
    channel.kind, channel.webhook_url, channel.secret, channel.active = kind, url, kept, active
    channel.save()
    after = _described(channel)
    audit.record(
        actor=actor,
        action="core.update_channel",
        obj=channel,
        changes=audit.diff(before, after),
    )
    return channel


@transactional
def delete_channel(*, actor: Employee, channel: DepartmentChannel) -> None:
    """Remove a robot with its deliveries (the notifications stay in the inbox)."""
    access.require(actor, ADMINISTRATOR)
    channel = DepartmentChannel.objects.select_related("department").get(pk=channel.pk)
    audit.record(
        actor=actor, action="core.delete_channel", obj=channel, changes=_described(channel)
    )
    channel.delete()


@transactional
def set_preference(*, actor: Employee, email: bool, language: str = "") -> DeliveryPreference:
    """The actor's own choice: e-mail on or off, and its language (blank: the site's)."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("Choose a language of the site."), field="language")
    preference, _created = DeliveryPreference.objects.select_for_update(no_key=True).get_or_create(
        employee=actor, defaults={"email": email, "language": language}
    )
    preference.email, preference.language = email, language
    preference.save(update_fields=["email", "language"])
    return preference
