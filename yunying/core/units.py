"""Units of measure as the reader says them.

An item's unit is stored as it was entered, usually a Chinese counting word (个, 台, 米). Common
units have an English name; a unit outside this vocabulary is shown as stored."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import pgettext_lazy

UNITS = {
    "个": pgettext_lazy("unit", "pcs"),
    "件": pgettext_lazy("unit", "pcs"),
    "只": pgettext_lazy("unit", "pcs"),
    "块": pgettext_lazy("unit", "pcs"),
    "片": pgettext_lazy("unit", "sheets"),
    "台": pgettext_lazy("unit", "units"),
    "套": pgettext_lazy("unit", "sets"),
    "对": pgettext_lazy("unit", "pairs"),
    "双": pgettext_lazy("unit", "pairs"),
    "箱": pgettext_lazy("unit", "cartons"),
    "包": pgettext_lazy("unit", "packs"),
    "袋": pgettext_lazy("unit", "bags"),
    "盒": pgettext_lazy("unit", "boxes"),
    "瓶": pgettext_lazy("unit", "bottles"),
    "桶": pgettext_lazy("unit", "drums"),
    "卷": pgettext_lazy("unit", "rolls"),
    "根": pgettext_lazy("unit", "lengths"),
    "条": pgettext_lazy("unit", "pieces"),
    "张": pgettext_lazy("unit", "sheets"),
    "本": pgettext_lazy("unit", "volumes"),
    "批": pgettext_lazy("unit", "lots"),
    "托": pgettext_lazy("unit", "pallets"),
    "千克": pgettext_lazy("unit", "kg"),
    "公斤": pgettext_lazy("unit", "kg"),
    "克": pgettext_lazy("unit", "g"),
    "吨": pgettext_lazy("unit", "t"),
    "米": pgettext_lazy("unit", "m"),
    "厘米": pgettext_lazy("unit", "cm"),
    "毫米": pgettext_lazy("unit", "mm"),
    "千米": pgettext_lazy("unit", "km"),
    "平方米": pgettext_lazy("unit", "m²"),
    "立方米": pgettext_lazy("unit", "m³"),
    "升": pgettext_lazy("unit", "L"),
    "毫升": pgettext_lazy("unit", "mL"),
    "小时": pgettext_lazy("unit", "hours"),
    "天": pgettext_lazy("unit", "days"),
}


def unit_label(unit: str | None) -> str:
    """``unit`` in the reader's language: 台 reads “units” in English and stays 台 in Chinese; a
    unit outside the vocabulary is shown as stored."""
    if not unit:
        return ""
    language = translation.get_language() or ""
    if not language.startswith("en"):
        return unit
    known = UNITS.get(unit.strip())
    return str(known) if known is not None else unit
