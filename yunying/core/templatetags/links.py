"""Links to other records, shown only to readers who may open them (``core.links``).

``{% record_link contract %}{{ contract.number }}{% end_record_link %}`` renders an ``<a>`` to
the contract's page when the reader may open it, and its label as plain text otherwise;
``{% url_link notification.url %}…{% end_url_link %}`` does the same for a stored address.
Extra ``name="value"`` arguments become attributes of the link (``class="btn"``).
``{% can_open record as opens %}`` and ``{% can_follow url as follows %}`` answer the question
for a block of the page. The reader is the request's employee.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from yunying.core import links
from yunying.core.models import Employee

register = template.Library()


def _reader(context: Context) -> Employee | None:
    request = context.get("request")
    return getattr(request, "employee", None)


class _LinkNode(template.Node):
    def __init__(
        self, target: FilterExpression, attributes: dict[str, FilterExpression], body: NodeList
    ) -> None:
        self.target, self.attributes, self.body = target, attributes, body

    def address(self, context: Context, target: Any) -> str:
        raise NotImplementedError

    def render(self, context: Context) -> SafeString:
        label = self.body.render(context)
        address = self.address(context, self.target.resolve(context))
        if not address:
            return SafeString(label)
        attributes = format_html_join(
            "",
            ' {}="{}"',
            ((name, value.resolve(context)) for name, value in self.attributes.items()),
        )
        return format_html('<a href="{}"{}>{}</a>', address, attributes, SafeString(label))


class _RecordLinkNode(_LinkNode):
    def address(self, context: Context, target: Any) -> str:
        return links.url_of(target) if links.can_open(_reader(context), target) else ""


class _UrlLinkNode(_LinkNode):
    def address(self, context: Context, target: Any) -> str:
        url = str(target or "")
        return url if links.can_follow(_reader(context), url) else ""


def _parse(
    parser: Parser, token: Token, end: str
) -> tuple[FilterExpression, dict[str, Any], NodeList]:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the record or address to link to")
    attributes = {}
    for bit in bits[2:]:
        name, equals, value = bit.partition("=")
        if not equals:
            raise template.TemplateSyntaxError(f"{bits[0]}: {bit} is not name=value")
        attributes[name] = parser.compile_filter(value)
    body = parser.parse((end,))
    parser.delete_first_token()
    return parser.compile_filter(bits[1]), attributes, body


@register.tag
def record_link(parser: Parser, token: Token) -> _RecordLinkNode:
    return _RecordLinkNode(*_parse(parser, token, "end_record_link"))


@register.tag
def url_link(parser: Parser, token: Token) -> _UrlLinkNode:
    return _UrlLinkNode(*_parse(parser, token, "end_url_link"))


@register.simple_tag(takes_context=True)
def can_open(context: Context, record: Any) -> bool:
    return links.can_open(_reader(context), record)


@register.simple_tag(takes_context=True)
def can_follow(context: Context, url: str) -> bool:
    return links.can_follow(_reader(context), str(url or ""))
