"""A Python client generated from the schema the application serves (openapi-python-client, as a
client's developer would) works against the running application.

- The schema is written as the ``spectacular`` command writes it, and the client generated from
  it with ``--meta none`` (a bare package) in a temporary folder. Every module of the package
  must import, and there is one module per operation of the schema.
- The purchasing flow (plan → submit → approval → contract → signing → receipt with part of it
  rejected) and the sales flow (order → confirmation → shipping → delivered → receipt →
  payment) then run through the generated functions against the live test server; every answer,
  errors included, must parse into the generated model of its status code (``.parsed`` is that
  model). A status code the schema does not document raises (``raise_on_unexpected_status``).
"""

from __future__ import annotations

import datetime
import importlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone

from tests.stock import item, location, person, put_stock
from yunying.masterdata.models import Customer, Supplier

PACKAGE = "yunying_api_client"
PASSWORD = "test-pass-1"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
METHODS = ("get", "post", "put", "patch", "delete")
# The test server answers each connection in a thread that holds the test's database connection:
# no connection is kept open after its answer (it would outlive the test). A client adds its
# token to the headers it is given: each gets its own copy.
ONE_REQUEST = {"Connection": "close"}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The generated package, imported whole: ``{"package", "modules", "operations"}``."""
    folder = tmp_path_factory.mktemp("client")
    schema = folder / "schema.yaml"
    call_command("spectacular", "--file", str(schema), "--validate", "--fail-on-warn")
    done = subprocess.run(  # noqa: S603 - our own generator, our own schema
        [
            str(GENERATOR),
            "generate",
            *("--path", str(schema)),
            *("--output-path", str(folder / PACKAGE)),
            *("--meta", "none"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    paths = yaml.safe_load(schema.read_text())["paths"]
    operations = sum(1 for item in paths.values() for method in item if method in METHODS)
    sys.path.insert(0, str(folder))
    try:
        modules = {}
        for file in sorted((folder / PACKAGE).rglob("*.py")):
            parts = file.relative_to(folder).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = importlib.import_module(name)
        yield {"package": modules[PACKAGE], "modules": modules, "operations": operations}
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


class Api:
    """Calls the generated functions as one user, checking the status and the parsed model."""

    def __init__(self, generated: dict[str, Any], base_url: str, username: str) -> None:
        self.modules: dict[str, ModuleType] = generated["modules"]
        self.package: ModuleType = generated["package"]
        self.base_url = base_url
        anonymous = self.package.Client(
            base_url=base_url, headers=dict(ONE_REQUEST), raise_on_unexpected_status=True
        )
        token = self.call(
            "auth_token_create",
            200,
            "Token",
            client=anonymous,
            body=self.model("TokenInputRequest").from_dict(
                {"username": username, "password": PASSWORD}
            ),
        )
        self.client = self.package.AuthenticatedClient(
            base_url=base_url,
            token=token.token,
            prefix="Token",
            headers=dict(ONE_REQUEST),
            raise_on_unexpected_status=True,
        )

    def model(self, name: str) -> Any:
        return getattr(self.modules[f"{PACKAGE}.models"], name)

    def call(
        self, operation: str, status: int, model: str, *, client: Any = None, **arguments: Any
    ) -> Any:
        """``operation`` (``plans_create``) called; its answer has ``status`` and parses into
        the generated ``model`` (of each row, for a list)."""
        function = self.modules[f"{PACKAGE}.api.v1.v1_{operation}"].sync_detailed
        for name, value in arguments.items():
            if name == "body" and isinstance(value, tuple):
                arguments[name] = self.model(value[0]).from_dict(value[1])
        response = function(client=client or self.client, **arguments)
        assert response.status_code == status, (operation, response.status_code, response.content)
        parsed = response.parsed
        rows = parsed if isinstance(parsed, list) else [parsed]
        assert parsed is not None and all(isinstance(row, self.model(model)) for row in rows), (
            operation,
            type(parsed),
        )
        return parsed


@pytest.fixture
def as_user(generated: dict[str, Any], live_server: Any, org: None) -> Callable[[str], Api]:
    users: dict[str, Api] = {}

    def sign_in(username: str) -> Api:
        if username not in users:
            users[username] = Api(generated, live_server.url, username)
        return users[username]

    return sign_in


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_every_module_of_the_generated_client_imports(generated: dict[str, Any]) -> None:
    modules = generated["modules"]
    operations = [name for name in modules if name.startswith(f"{PACKAGE}.api.")]
    operations = [name for name in operations if not name.endswith(".api.v1")]
    assert len(operations) == generated["operations"]
    assert len(modules) > generated["operations"] * 2  # the models too
    print(f"{len(modules)} modules imported, {len(operations)} operations")


def test_the_purchasing_flow_through_the_generated_client(as_user: Callable[[str], Api]) -> None:
    supervisor, manager = as_user("ops_supervisor"), as_user("ops_manager")
    buyer, specialist = as_user("buyer"), as_user("ops_specialist")
    refused = supervisor.call(
        "auth_token_create",
        400,
        "Error",
        client=supervisor.package.Client(base_url=supervisor.base_url, headers=dict(ONE_REQUEST)),
        body=("TokenInputRequest", {"username": "gm", "password": "wrong"}),
    )
    assert refused.code == "invalid"

    proposal = supervisor.call("plans_proposal_list", 200, "Proposal", only_needed=True)
    rows = {row.item_code: row for row in proposal}
    lines = [
        {
            "item": rows[code].item,
            "quantity": rows[code].quantity,
            "estimated_price": "600",
            "supplier": rows[code].default_supplier,
        }
        for code in ("PV-M550", "PV-M600")
    ]
    body = {"kind": "purchase", "title": "接口采购计划", "needed_by": _day(30), "lines": lines}
    plan = supervisor.call("plans_create", 201, "PlanDetail", body=("PlanInputRequest", body))
    bad = supervisor.call(
        "plans_create", 400, "Error", body=("PlanInputRequest", {**body, "title": ""})
    )
    assert bad.field == "title" and bad.errors
    assert buyer.call("plans_retrieve", 404, "Error", id=plan.id).code == "not_found"
    plan = supervisor.call("plans_submit_create", 200, "PlanDetail", id=plan.id)
    assert plan.state == "submitted"
    late = supervisor.call(
        "plans_update", 409, "Error", id=plan.id, body=("PlanUpdateInputRequest", body)
    )
    assert late.clause == "PROC-2"

    pending = manager.call("approvals_retrieve", 200, "RequestDetail", id=plan.approval)
    assert pending.state == "pending"
    manager.call(
        "approvals_approve_create",
        200,
        "RequestDetail",
        id=plan.approval,
        body=("CommentRequest", {"comment": "同意"}),
    )
    plan = buyer.call("plans_retrieve", 200, "PlanDetail", id=plan.id)
    assert plan.state == "approved"

    contract_body = {
        "supplier": Supplier.objects.get(code="S001").pk,
        "lines": [
            {
                "plan_line": line.id,
                "quantity": line.quantity,
                "unit_price": "50",
                "delivery_date": _day(10),
            }
            for line in plan.lines
        ],
    }
    contract = buyer.call(
        "contracts_create", 201, "ContractDetail", body=("ContractInputRequest", contract_body)
    )
    contract = buyer.call(
        "contracts_sign_create",
        200,
        "ContractDetail",
        id=contract.id,
        body=("SignInputRequest", {"follower": person("ops_specialist").pk}),
    )
    assert contract.state == "signed"

    first, second = contract.lines
    receipt_body = {
        "contract": contract.id,
        "location": location("A-01").pk,
        "lines": [
            {
                "contract_line": first.id,
                "received": "100",
                "accepted": "95",
                "rejected": "5",
                "reason": "隐裂",
            },
            {"contract_line": second.id, "received": "1"},
        ],
    }
    receipt = specialist.call(
        "receipts_create", 201, "ReceiptDetail", body=("ReceiptInputRequest", receipt_body)
    )
    assert receipt.number.startswith("GR-")
    assert {line.return_state for line in receipt.lines} >= {"pending"}
    contract = buyer.call("contracts_retrieve", 200, "ContractDetail", id=contract.id)
    assert contract.state == "partial"


def test_the_sales_flow_through_the_generated_client(as_user: Callable[[str], Api]) -> None:
    put_stock("INV-M2", 50, cost=980)
    specialist, clerk = as_user("ops_specialist"), as_user("logistics_clerk")
    accountant = as_user("accountant")
    customer = Customer.objects.get(code="C006").pk
    body = {
        "customer": customer,
        "promised_date": _day(5),
        "lines": [{"item": item("INV-M2").pk, "quantity": "20", "unit_price": None}],
    }
    order = specialist.call(
        "sales_orders_create", 201, "SalesOrder", body=("SalesOrderInputRequest", body)
    )
    assert order.lines[0].unit_price == "1350.0000"  # the list price
    order = specialist.call("sales_orders_confirm_create", 200, "SalesOrder", id=order.id)
    assert order.state == "confirmed"
    again = specialist.call("sales_orders_confirm_create", 409, "Error", id=order.id)
    assert again.code

    delivery = order.deliveries[0].id
    clerk.call(
        "deliveries_ship_create",
        200,
        "Delivery",
        id=delivery,
        body=("DeliveryShipInputRequest", {"carrier": "德邦", "tracking_number": "DB9"}),
    )
    delivered = clerk.call(
        "deliveries_delivered_create",
        200,
        "Delivery",
        id=delivery,
        body=("DeliveryDeliveredInputRequest", {}),
    )
    assert delivered.state == "delivered"
    specialist.call(
        "deliveries_receipt_create",
        200,
        "Delivery",
        id=delivery,
        body=("DeliveryReceiptInputRequest", {"note": "已签收"}),
    )

    receivables = accountant.call(
        "receivables_list", 200, "PaginatedReceivableList", customer=customer
    )
    [receivable] = receivables.results
    assert receivable.amount == "27000.00" and receivable.state == "open"
    payment = accountant.call(
        "payments_create",
        201,
        "Payment",
        body=(
            "PaymentInputRequest",
            {"customer": customer, "amount": "27000", "reference": "B-1"},
        ),
    )
    assert payment.allocations[0].receivable == receivable.id
    order = specialist.call("sales_orders_retrieve", 200, "SalesOrder", id=order.id)
    assert order.state == "closed"
