"""Service cases of the demo company: inquiries, complaints and after-sales cases over the last
weeks, some closed, some still open (the receipt problems of the sales history open their
after-sales cases themselves), so the service pages and the breach check have work to show."""

from __future__ import annotations

import datetime

from yunying.core.models import Employee
from yunying.masterdata.models import Customer
from yunying.service.models import ComplaintCause, ServiceCase
from yunying.service.services.cases import NewCase, open_case
from yunying.service.services.transitions import act

from .clock import on_day

# (days ago, kind, channel, priority, customer, subject, steps: (verb, resolution, cause code))
CASES: list[tuple[int, str, str, str, str, str, list[tuple[str, str, str]]]] = [
    (
        40,
        "inquiry",
        "phone",
        "normal",
        "C001",
        "PV-M600 组件的安装间距咨询",
        [("start", "", ""), ("resolve", "已发送安装手册并电话讲解。", ""), ("close", "", "")],
    ),
    (
        30,
        "inquiry",
        "wechat",
        "low",
        "C004",
        "逆变器质保期咨询",
        [("start", "", ""), ("resolve", "质保十年，已发质保条款。", "")],
    ),
    (
        12,
        "inquiry",
        "email",
        "high",
        "C006",
        "批量采购价格与交期咨询",
        [("start", "", ""), ("wait", "", "")],
    ),
    (1, "inquiry", "web", "normal", "C002", "连接器型号替代咨询", []),
    (
        35,
        "complaint",
        "phone",
        "high",
        "C003",
        "到货组件边框变形",
        [
            ("investigate", "", ""),
            ("resolve", "补发 4 块组件，破损件退回。", ""),
            ("confirm", "", ""),
            ("close", "", "LOGISTICS"),
        ],
    ),
    (
        20,
        "complaint",
        "email",
        "normal",
        "C005",
        "发货单与实物型号不符",
        [("investigate", "", ""), ("resolve", "仓库错拣，已换货。", "")],
    ),
    (8, "complaint", "visit", "urgent", "C007", "售后人员未按约上门", [("investigate", "", "")]),
    (2, "complaint", "phone", "normal", "C008", "交货比承诺晚一周", []),
    (
        25,
        "after_sales",
        "phone",
        "normal",
        "C001",
        "逆变器屏幕不亮",
        [("start", "", ""), ("resolve", "远程指导复位后恢复。", ""), ("close", "", "")],
    ),
    (10, "after_sales", "wechat", "high", "C002", "接线盒密封圈老化", [("start", "", "")]),
    (3, "after_sales", "phone", "low", "C004", "支架配件缺少螺栓", []),
]


def build_service(people: dict[str, Employee], today: datetime.date) -> None:
    lead = people["cs_lead"]
    causes = {c.code: c for c in ComplaintCause.objects.all()}
    for days, kind, channel, priority, code, subject, steps in CASES:
        day = today - datetime.timedelta(days=days)
        with on_day(day, hour=10):
            case: ServiceCase = open_case(
                NewCase(
                    kind=kind,
                    channel=channel,
                    priority=priority,
                    customer=Customer.objects.get(code=code),
                    subject=subject,
                ),
                actor=lead,
            )
        for hour, (verb, resolution, cause) in enumerate(steps, start=11):
            with on_day(day + datetime.timedelta(days=hour - 11), hour=min(hour, 17)):
                case = act(
                    case=case,
                    verb=verb,
                    resolution=resolution,
                    cause=causes.get(cause),
                    actor=lead,
                )
