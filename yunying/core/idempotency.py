"""``Idempotency-Key`` on API POSTs: a client that sends a request again (because the answer was
lost, or the server went down) posts nothing twice and gets the first answer.

The whole request runs as one unit of work (``core.tx``): the key is claimed first, inside it,
so a second request with the same key waits for the first one's transaction and then finds
its answer; the answer is saved in the same transaction as the documents. A request that fails
saves nothing, its key included, and may be sent again. The same key with another body is a
409. Keys are kept for ``KEEP_DAYS`` days (the ``core.idempotency_keys`` check clears older
ones).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response

from . import tx
from .checks import Finding
from .errors import Conflict, ValidationFailed
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP_DAYS = 7


class Replay(Exception):
    """The request was answered before: send that answer again."""

    def __init__(self, response: Response) -> None:
        super().__init__("replay")
        self.response = response


def key_of(request: HttpRequest) -> str:
    """The request's idempotency key, if it is a POST that carries one."""
    if request.method != "POST":
        return ""
    return request.headers.get(HEADER, "").strip()


def fingerprint(request: HttpRequest) -> str:
    """What makes two requests the same: the address and the body."""
    return hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()


def run_once(request: HttpRequest, dispatch: Callable[[], Response]) -> Response:
    """Run the request's ``dispatch`` as one unit of work, retried like a service (each
    attempt reads the body again)."""
    body = request.body

    def attempt() -> Response:
        request._stream = io.BytesIO(body)
        return dispatch()

    return tx.run(attempt)


def claim(request: Request, key: str, fingerprint: str) -> IdempotencyKey:
    """Take the key for this request, or raise :class:`Replay` with the first answer. Waits for
    a request with the same key that is still running (its row is not committed yet)."""
    if len(key) > 255:
        raise ValidationFailed(
            _("The Idempotency-Key is longer than 255 characters."), field=HEADER
        )
    user_id = int(request.user.pk or 0)  # authenticated: IsEmployee ran before
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user_id=user_id, key=key, request_hash=fingerprint, path=request.path[:300]
            )
    except IntegrityError:
        first = IdempotencyKey.objects.get(user_id=user_id, key=key)
    if first.request_hash != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was used for another request; use a new key."),
            code="idempotency_key_reused",
            field=HEADER,
        )
    response = Response(first.answer, status=first.status or 200)
    response["Idempotent-Replay"] = "true"
    raise Replay(response)


def remember(claimed: IdempotencyKey, response: Response) -> None:
    """Save the answer with the key, in the request's transaction (successful answers only:
    a refused request saved nothing and its key is free again)."""
    answer = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
    IdempotencyKey.objects.filter(pk=claimed.pk).update(status=response.status_code, answer=answer)


def clear_old() -> list[Finding]:
    """The scheduled clean-up: keys older than ``KEEP_DAYS`` days are forgotten."""
    cutoff = timezone.now() - datetime.timedelta(days=KEEP_DAYS)
    IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return []
