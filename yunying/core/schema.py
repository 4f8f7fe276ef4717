"""Additions to the OpenAPI schema that hold for every operation of a kind."""

from __future__ import annotations

from typing import Any

IDEMPOTENCY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 255},
    "description": (
        "Send a POST again with the same key (after a lost answer or a dropped connection) and "
        "it posts nothing twice: the first answer comes back (with `Idempotent-Replay: true`). "
        "The same key with another body is a 409; a refused request keeps nothing and may be "
        "sent again. Keys are per user and kept for a week."
    ),
}


# POSTs that create or post nothing (signing in).
WITHOUT = ("/api/v1/auth/token/",)


def idempotency_header(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every POST that creates or posts a document takes
    an ``Idempotency-Key`` (``core.apibase.ActorMixin``)."""
    for path, operations in result.get("paths", {}).items():
        post = operations.get("post")
        if post is not None and path not in WITHOUT:
            post.setdefault("parameters", []).append(IDEMPOTENCY)
    return result
