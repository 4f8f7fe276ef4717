"""Printed documents as PDF: a contract, a sales order and a goods receipt under the company
header, the Chinese text in an embedded font subset, served to readers of the document only."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.sales_steps import draft_order
from tests.stock import approved_plan, location, person, signed_contract
from yunying.core.models import Company
from yunying.procurement.services import receipts

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(content: bytes) -> list[dict[str, object]]:
    reader = PdfReader(io.BytesIO(content))
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                found.append(descendant.get_object()["/FontDescriptor"].get_object())
    return found


def test_the_contract_pdf_carries_its_number_and_the_chinese_supplier_name(web) -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}))
    answer = web("buyer").get(f"/documents/procurement.purchasecontract/{contract.pk}/pdf/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="{contract.number}.pdf"'
    content = answer.content
    assert content.startswith(b"%PDF-")
    text = text_of(content)
    assert contract.number in text
    assert contract.supplier.name in text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in contract.supplier.name)
    assert Company.objects.get().name in text  # the company header
    # The font travels with the file, as a subset of the glyphs used.
    descriptors = fonts_of(content)
    assert descriptors
    assert all("/FontFile2" in d for d in descriptors)
    assert all("+" in str(d["/FontName"]) for d in descriptors)
    assert len(content) < 300_000
    # Outside the contract's scope it does not exist.
    missing = web("logistics_clerk").get(
        f"/documents/procurement.purchasecontract/{contract.pk}/pdf/"
    )
    assert missing.status_code == 404


def test_prices_print_only_for_those_who_may_see_them(web) -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}), price=123)
    buyer = text_of(
        web("buyer").get(f"/documents/procurement.purchasecontract/{contract.pk}/pdf/").content
    )
    assert "12,300.00" in buyer
    receiver = web("warehouse_keeper").get(
        f"/documents/procurement.purchasecontract/{contract.pk}/pdf/"
    )
    if receiver.status_code == 200:
        assert "12,300.00" not in text_of(receiver.content)


def test_sales_orders_and_goods_receipts_print(web) -> None:
    order = draft_order("C001", {"PV-M550": (10, 900)})
    answer = web("ops_specialist").get(f"/documents/sales.salesorder/{order.pk}/pdf/")
    assert answer.status_code == 200
    text = text_of(answer.content)
    assert order.number in text and order.customer.name in text

    contract = signed_contract(approved_plan({"PV-M550": 100}))
    line = contract.lines.get()
    receipt = receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(100), Decimal(95), Decimal(5), "隐裂")],
        actor=person("ops_specialist"),
    )
    answer = web("ops_specialist").get(f"/documents/procurement.goodsreceipt/{receipt.pk}/pdf/")
    assert answer.status_code == 200
    text = text_of(answer.content)
    assert receipt.number in text and "隐裂" in text

    page = web("ops_specialist").get(f"/documents/procurement.goodsreceipt/{receipt.pk}/print/")
    assert page.status_code == 200
    assert receipt.number in page.content.decode()


def test_documents_without_a_printed_form_do_not_print(web) -> None:
    plan = approved_plan({"PV-M550": 10})
    answer = web("ops_supervisor").get(f"/documents/procurement.purchaseplan/{plan.pk}/pdf/")
    assert answer.status_code == 404
