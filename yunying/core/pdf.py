"""Printed documents as PDF: a contract, a sales order, a goods receipt.

A document that prints describes itself as a :class:`Sheet` (its app builds it, see
``core.documents``): title, number, properties, a table of lines, notes and signature boxes.
:func:`render` lays it out with fpdf2 under the company header that the HTML print pages carry
(``sales/print_base.html``, ``core/shell/print.html``). The text is set in Noto Sans SC (SIL Open
Font License), fetched by ``make`` with the front-end packages (``tools/fetch_assets.py``) and
embedded as a subset of the glyphs used, so the Chinese reads the same in every viewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-Regular.ttf"
FAMILY = "NotoSansSC"
INK = (31, 41, 51)
MUTED = (100, 110, 120)
RULE = (154, 165, 177)
SHADE = (240, 242, 245)


@dataclass
class Sheet:
    """What a printed document shows. ``columns`` are (heading, relative width, numeric)."""

    title: str
    number: str
    company: str
    properties: list[tuple[str, str]] = field(default_factory=list)
    columns: list[tuple[str, float, bool]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    printed_at: str = ""

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"


class FontMissing(RuntimeError):
    """The PDF font was not fetched (``make install`` or ``python tools/fetch_assets.py``)."""


def render(sheet: Sheet) -> bytes:
    """The sheet as a PDF on A4, the font subset embedded."""
    if not FONT.exists():
        raise FontMissing(f"{FONT} is missing: run `python tools/fetch_assets.py`")
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"{sheet.title} {sheet.number}")
    pdf.set_creator("Yunying")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FAMILY, "", str(FONT))
    pdf.add_page()
    width = pdf.epw

    # The company header: the company on the left, the document and its number on the right.
    top = pdf.get_y()
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, size=14)
    pdf.cell(width / 2, 8, sheet.company)
    pdf.set_font(FAMILY, size=18)
    pdf.set_xy(pdf.l_margin + width / 2, top)
    pdf.cell(width / 2, 8, sheet.title, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=10)
    pdf.set_text_color(*MUTED)
    pdf.cell(width / 2, 6, sheet.title)
    pdf.set_text_color(*INK)
    pdf.cell(
        width / 2, 6, f"{_('No.')} {sheet.number}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + width, pdf.get_y() + 1)
    pdf.ln(4)

    _properties(pdf, sheet, width)
    if sheet.columns:
        _table(pdf, sheet, width)
    pdf.set_font(FAMILY, size=9)
    for note in sheet.notes:
        pdf.multi_cell(width, 5, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if sheet.signatures:
        pdf.ln(14)
        box = width / len(sheet.signatures)
        y = pdf.get_y()
        pdf.set_line_width(0.3)
        for index, label in enumerate(sheet.signatures):
            x = pdf.l_margin + index * box
            pdf.line(x + 2, y, x + box - 4, y)
            pdf.set_xy(x + 2, y + 1)
            pdf.cell(box - 6, 5, label)
        pdf.ln(10)
    printed = sheet.printed_at or timezone.localtime().strftime("%Y-%m-%d %H:%M")
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, size=8)
    pdf.cell(
        width, 5, _("Printed %(when)s") % {"when": printed}, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    return bytes(pdf.output())


def _properties(pdf: FPDF, sheet: Sheet, width: float) -> None:
    label_width, pair = 28.0, width / 2
    pdf.set_font(FAMILY, size=10)
    for index, (label, value) in enumerate(sheet.properties):
        column = index % 2
        x = pdf.l_margin + column * pair
        if column == 0:
            y = pdf.get_y()
        pdf.set_xy(x, y)
        pdf.set_text_color(*MUTED)
        pdf.cell(label_width, 6, label)
        pdf.set_text_color(*INK)
        last = column == 1 or index == len(sheet.properties) - 1
        pdf.multi_cell(
            pair - label_width - 2,
            6,
            value or "—",
            new_x=XPos.LMARGIN if last else XPos.RIGHT,
            new_y=YPos.NEXT if last else YPos.TOP,
        )
    pdf.ln(3)


def _table(pdf: FPDF, sheet: Sheet, width: float) -> None:
    total = sum(weight for _heading, weight, _numeric in sheet.columns) or 1
    widths = tuple(width * weight / total for _heading, weight, _numeric in sheet.columns)
    aligns = tuple("RIGHT" if numeric else "LEFT" for _h, _w, numeric in sheet.columns)
    pdf.set_font(FAMILY, size=9)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        line_height=6,
        headings_style=FontFace(family=FAMILY, emphasis="", color=INK, fill_color=SHADE),
        first_row_as_headings=True,
    ) as table:
        table.row([heading for heading, _w, _n in sheet.columns])
        for values in sheet.rows:
            table.row([str(value) for value in values])
    pdf.ln(2)
