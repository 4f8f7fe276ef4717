"""Notifications sent outside the browser: by e-mail and to the departments' group robots.

Planning: once the transaction that wrote notifications commits, ``inbox.notify`` hands their ids
to :func:`handover`. :func:`plan` writes one ``pending`` delivery per way each goes:
- by e-mail to the recipient, when they have an address, are active and have not turned e-mail
  off (``DeliveryPreference``), in their language (the preference, else the site's default);
- to the group robot of the recipient's department, once per department for the notifications
  written together (one ``notify`` is one piece of news, however many of the department it
  reaches), in the site's default language, for news that links to a page of the company's
  work; a person's own downloads (``/exports/``) stay personal.

Sending: with a broker the task ``yunying.send_deliveries`` tries the new deliveries at once; the
check ``core.deliveries`` (every minute, also run by ``yunying serve`` without a broker) sends
every delivery that is due. A failure is recorded on the delivery (attempts, the error) and tried
again after ``YUNYING_DELIVERY_RETRY_SECONDS``, doubled at each failure, until
``YUNYING_DELIVERY_ATTEMPTS`` attempts have failed: then it is ``failed`` and the check reports
it. The notification stays in the inbox whatever its deliveries do.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import checks, robots
from ..messages import shown
from ..models import Delivery, DeliveryPreference, DepartmentChannel, Employee, Notification
from ..tx import transactional

logger = logging.getLogger("yunying.delivery")
State = Delivery.State
# A delivery taken by a sender is left alone this long (a sender that stopped mid-way gives it
# back when the time has passed).
LEASE = datetime.timedelta(minutes=5)
BATCH = 200


def retry_seconds() -> int:
    return int(getattr(settings, "YUNYING_DELIVERY_RETRY_SECONDS", 60))


def max_attempts() -> int:
    return max(int(getattr(settings, "YUNYING_DELIVERY_ATTEMPTS", 5)), 1)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failure: the retry delay, doubled each time."""
    return datetime.timedelta(seconds=retry_seconds() * 2 ** max(attempts - 1, 0))


def group_worthy(notification: Notification) -> bool:
    """News for the department's group: it links to a page, not to the person's own
    downloads."""
    return bool(notification.url) and not notification.url.startswith(reverse("core:export_jobs"))


# --------------------------------------------------------------------------- planning


def handover(notification_ids: Iterable[int]) -> None:
    """After the notifications are committed: plan their deliveries and, with a broker, send
    them now (without one, the ``core.deliveries`` check sends them within a minute). Never
    raises: the notifications are saved whatever happens here."""
    from .. import queue

    try:
        ids = plan([i for i in notification_ids if i is not None])
        if ids and queue.broker_url():
            queue.send_deliveries.delay(ids)
    except Exception:
        logger.exception("Planning the deliveries of notifications %s failed", notification_ids)


def _email_language(recipient: Employee) -> str:
    """The language to e-mail ``recipient`` in; ``""`` when they get no e-mail (no address,
    left the company, or turned it off)."""
    try:
        preference: DeliveryPreference | None = recipient.delivery_preference
    except DeliveryPreference.DoesNotExist:
        preference = None
    if not (recipient.active and recipient.email) or (preference and not preference.email):
        return ""
    return (preference.language if preference else "") or settings.LANGUAGE_CODE


@transactional
def plan(notification_ids: list[int]) -> list[int]:
    """Write the pending deliveries of these notifications; answer their ids."""
    if not notification_ids:
        return []
    notifications = (
        Notification.objects.filter(pk__in=notification_ids)
        .select_related("recipient", "recipient__delivery_preference")
        .order_by("pk")
    )
    departments = {n.recipient.department_id for n in notifications}
    channels = {
        channel.department_id: channel
        for channel in DepartmentChannel.objects.filter(active=True, department__in=departments)
    }
    planned = set(
        Delivery.objects.filter(notification__in=notification_ids).values_list(
            "notification_id", "channel_id"
        )
    )
    now, default = timezone.now(), settings.LANGUAGE_CODE
    rows, posted = [], set()
    for notification in notifications:
        recipient = notification.recipient
        language = _email_language(recipient)
        if language and (notification.pk, None) not in planned:
            rows.append(
                Delivery(
                    notification=notification,
                    address=recipient.email,
                    language=language,
                    next_attempt_at=now,
                )
            )
        channel = channels.get(recipient.department_id)
        if channel is None or channel.department_id in posted or not group_worthy(notification):
            continue
        posted.add(channel.department_id)
        if (notification.pk, channel.pk) not in planned:
            rows.append(
                Delivery(
                    notification=notification,
                    channel=channel,
                    language=default,
                    next_attempt_at=now,
                )
            )
    return [row.pk for row in Delivery.objects.bulk_create(rows)]


# --------------------------------------------------------------------------- sending


def send_due(limit: int = BATCH) -> list[Delivery]:
    """Try every delivery whose time has come, oldest first; answer what was tried."""
    due = (
        Delivery.objects.filter(state=State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return [d for d in (send(pk) for pk in list(due)) if d is not None]


def send_many(delivery_ids: Iterable[int]) -> list[Delivery]:
    return [d for d in (send(pk) for pk in delivery_ids) if d is not None]


def send(delivery_id: int) -> Delivery | None:
    """Try one delivery if it is due; ``None`` when it is not (sent, or taken by another
    sender). The message goes out with no transaction open; its outcome is saved after."""
    now = timezone.now()
    taken = Delivery.objects.filter(
        pk=delivery_id, state=State.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not taken:
        return None
    delivery = Delivery.objects.select_related("notification", "channel").get(pk=delivery_id)
    try:
        _deliver(delivery)
    except Exception as error:  # any failure of a way out is recorded, never raised
        return _failed(delivery, error)
    delivery.state, delivery.sent_at = State.SENT, timezone.now()
    delivery.attempts += 1
    delivery.next_attempt_at = None
    delivery.save(update_fields=["state", "sent_at", "attempts", "next_attempt_at"])
    return delivery


def _failed(delivery: Delivery, error: Exception) -> Delivery:
    delivery.attempts += 1
    delivery.last_error = (str(error) or type(error).__name__)[:500]
    if delivery.attempts >= max_attempts():
        delivery.state, delivery.next_attempt_at = State.FAILED, None
        logger.error("Delivery %s failed for good: %s", delivery.pk, delivery.last_error)
    else:
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        logger.warning("Delivery %s failed: %s", delivery.pk, delivery.last_error)
    delivery.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    return delivery


def text_of(delivery: Delivery) -> robots.Text:
    """The notification in the delivery's language, with an absolute link."""
    notification = delivery.notification
    texts = getattr(notification, "texts", None) or {}
    with translation.override(delivery.language):
        link = urljoin(f"{settings.SITE_URL}/", notification.url or reverse("core:inbox"))
        return robots.Text(
            title=shown(texts.get("title"), notification.title),
            body=shown(texts.get("body"), notification.body),
            link=link,
            link_label=_("Open in Yunying"),
            language=delivery.language,
        )


def _deliver(delivery: Delivery) -> None:
    text = text_of(delivery)
    channel = delivery.channel
    if channel is None:
        body = f"{text.body}\n\n{text.link}" if text.body else text.link
        send_mail(text.title, body, None, [delivery.address])
        return
    if not channel.active:
        raise robots.Refused(_("The channel is switched off."))
    now = time.time()
    robots.post(
        robots.address(channel.kind, channel.webhook_url, secret=channel.secret, now=now),
        robots.payload(channel.kind, text, secret=channel.secret, now=now),
        timeout=float(getattr(settings, "YUNYING_WEBHOOK_TIMEOUT_SECONDS", 5)),
    )


def delivery_check() -> list[checks.Finding]:
    """The ``core.deliveries`` check: send what is due; report what failed for good."""
    findings = []
    for delivery in send_due():
        if delivery.state != State.FAILED:
            continue
        findings.append(
            checks.Finding(
                _("Sending “%(title)s” to %(target)s failed after %(attempts)s attempts: %(error)s")
                % {
                    "title": delivery.notification.title,
                    "target": delivery.channel or delivery.address,
                    "attempts": delivery.attempts,
                    "error": delivery.last_error,
                },
                url=reverse("core:channels"),
            )
        )
    return findings
