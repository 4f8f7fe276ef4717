"""The group robots of 企业微信 (WeCom), 钉钉 (DingTalk) and 飞书 (Feishu): the message each
expects, their signatures, and one POST to a robot's webhook.

- WeCom: ``{"msgtype": "markdown", "markdown": {"content": …}}``, no signature (the key is in
  the address).
- DingTalk: ``{"msgtype": "markdown", "markdown": {"title", "text"}}``; a robot with 加签 takes
  ``timestamp`` (milliseconds) and ``sign`` in the query: Base64 of HMAC-SHA256 keyed with the
  secret over ``timestamp + "\\n" + secret``.
- Feishu: a ``post`` message; a robot with 签名校验 takes ``timestamp`` (seconds) and ``sign`` in
  the body: Base64 of HMAC-SHA256 keyed with ``timestamp + "\\n" + secret`` over nothing.

Each answers HTTP 200 with a JSON code (``errcode`` or ``code``, 0 when the message was taken).
Sending follows no redirect and speaks only http and https: a webhook address cannot make the
server fetch something else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

WECOM, DINGTALK, FEISHU = "wecom", "dingtalk", "feishu"
SCHEMES = ("http", "https")


class Refused(Exception):
    """The robot did not take the message (or could not be reached): the reason, for the
    delivery's record."""


@dataclass(frozen=True)
class Text:
    """What a message says, in one language."""

    title: str
    body: str
    link: str
    link_label: str
    language: str


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    digest = hmac.new(key, b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _markdown(text: Text, heading: str) -> str:
    lines = [f"{heading}{text.title}"]
    if text.body:
        lines.append(text.body)
    if text.link:
        lines.append(f"[{text.link_label}]({text.link})")
    return "\n\n".join(lines)


def payload(kind: str, text: Text, *, secret: str = "", now: float) -> dict[str, Any]:
    """The JSON body for a robot of ``kind`` (``now`` in seconds since the epoch)."""
    if kind == WECOM:
        return {"msgtype": "markdown", "markdown": {"content": _markdown(text, "**")}}
    if kind == DINGTALK:
        return {
            "msgtype": "markdown",
            "markdown": {"title": text.title, "text": _markdown(text, "#### ")},
        }
    if kind == FEISHU:
        paragraphs: list[list[dict[str, str]]] = []
        if text.body:
            paragraphs.append([{"tag": "text", "text": text.body}])
        if text.link:
            paragraphs.append([{"tag": "a", "text": text.link_label, "href": text.link}])
        locale = "en_us" if text.language.startswith("en") else "zh_cn"
        body: dict[str, Any] = {
            "msg_type": "post",
            "content": {"post": {locale: {"title": text.title, "content": paragraphs}}},
        }
        if secret:
            timestamp = int(now)
            body = {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp), **body}
        return body
    raise ValueError(f"unknown robot kind {kind!r}")


def address(kind: str, url: str, *, secret: str = "", now: float) -> str:
    """The webhook address to POST to: a signed DingTalk robot takes its signature in the
    query."""
    if kind != DINGTALK or not secret:
        return url
    timestamp = int(now * 1000)
    query = urllib.parse.urlencode(
        {"timestamp": timestamp, "sign": dingtalk_sign(secret, timestamp)}
    )
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{query}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the error it is for a webhook, never followed."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(url: str, body: dict[str, Any], *, timeout: float) -> None:
    """POST ``body`` as JSON to ``url``; :class:`Refused` unless the robot took it."""
    if urllib.parse.urlsplit(url).scheme not in SCHEMES:
        raise Refused("Only http and https webhook addresses are used.")
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            answer = response.read(65536)
    except urllib.error.HTTPError as error:
        raise Refused(f"HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise Refused(str(error.reason)) from error
    except (OSError, ValueError) as error:  # a timeout, a reset connection, a bad address
        raise Refused(str(error) or type(error).__name__) from error
    _check(answer)


def _check(answer: bytes) -> None:
    """The robots answer 200 with ``{"errcode": 0}`` (WeCom, DingTalk) or ``{"code": 0}``
    (Feishu; ``StatusCode`` in older versions) when they took the message."""
    try:
        parsed = json.loads(answer or b"{}")
    except ValueError:
        return  # a plain 2xx from a relay that answers no JSON: taken
    if not isinstance(parsed, dict):
        return
    for key, message in (("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage")):
        code = parsed.get(key)
        if code not in (None, 0, "0"):
            raise Refused(f"{key} {code}: {parsed.get(message, '')}")
