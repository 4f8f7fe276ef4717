"""Months of customer service for the demo company: routine cases every week, handled through
the services on their own days (so their working hours, service standards and breaches are
real), the satisfaction surveys that resolving them sends, answered by most customers, and a
round of periodic surveys; one case given to another handler and one made more urgent.

Together with the hand-written cases of ``demo.service`` they give the reports and the
satisfaction charts (SVC-2, SVC-4) a few months of data."""

from __future__ import annotations

import datetime
import random

from yunying.core.models import Employee
from yunying.masterdata.models import Customer
from yunying.service.models import ComplaintCause, ServiceCase, Survey
from yunying.service.services import changes, surveys
from yunying.service.services.cases import NewCase, open_case
from yunying.service.services.transitions import act

from .clock import on_day

SUBJECTS = {
    "inquiry": ["组件发电量偏低咨询", "逆变器参数设置咨询", "支架安装图纸索取", "发票开具咨询"],
    "complaint": ["送货司机态度差", "到货包装破损", "安装指导不到位", "回款对账有误"],
    "after_sales": ["逆变器报故障码", "汇流箱熔丝烧断", "组件隐裂更换", "监控数据中断"],
}
RESOLUTIONS = {
    "inquiry": "已电话解答并发送资料。",
    "complaint": "已核实情况并向客户致歉，整改措施已落实。",
    "after_sales": "已远程指导或上门处理，设备恢复正常。",
}
COMMENTS = {
    5: "响应很快，问题解决得很好。",
    4: "处理及时，希望以后提前告知进度。",
    3: "问题解决了，但等待时间有点长。",
    2: "沟通不够顺畅，跑了好几次。",
    1: "问题拖了很久才处理。",
}
SCORES = [5, 5, 5, 4, 4, 4, 4, 3, 3, 2]


def build_service_history(
    people: dict[str, Employee], start: datetime.date, today: datetime.date
) -> None:
    rng = random.Random(11)  # noqa: S311 - demo data, the same every time
    customers = list(Customer.objects.filter(active=True).order_by("code"))
    causes = list(ComplaintCause.objects.filter(active=True).order_by("code"))
    handlers = [people["cs_agent"], people["cs_lead"]]
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)  # the first Monday
    while day < today - datetime.timedelta(days=14):
        for offset in sorted(rng.sample(range(5), rng.randint(2, 3))):
            _routine_case(
                day + datetime.timedelta(days=offset),
                rng.choice(customers),
                rng,
                causes,
                handlers,
            )
        day += datetime.timedelta(weeks=1)
    _changes(people, today)
    _periodic_round(today, rng)


def _routine_case(
    day: datetime.date,
    customer: Customer,
    rng: random.Random,
    causes: list[ComplaintCause],
    handlers: list[Employee],
) -> None:
    kind = rng.choice(["inquiry", "inquiry", "after_sales", "after_sales", "complaint"])
    handler = rng.choice(handlers)
    opened_at = rng.randint(9, 15)
    with on_day(day, hour=opened_at):
        case = open_case(
            NewCase(
                kind=kind,
                channel=rng.choice(ServiceCase.Channel.values),
                priority=rng.choice(["low", "normal", "normal", "normal", "high"]),
                customer=customer,
                subject=rng.choice(SUBJECTS[kind]),
                assignee=handler,
            ),
            actor=handler,
        )
    # Most cases are answered the same day; some wait until the next working day or later.
    answered = day + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 3]))
    hour = min(opened_at + rng.randint(1, 3), 17) if answered == day else rng.randint(9, 11)
    first = "investigate" if kind == "complaint" else "start"
    with on_day(answered, hour=hour):
        case = act(case=case, verb=first, actor=handler)
    resolved = answered + datetime.timedelta(days=rng.choice([0, 1, 1, 2, 4, 6]))
    with on_day(resolved, hour=16):
        case = act(case=case, verb="resolve", resolution=RESOLUTIONS[kind], actor=handler)
    _answer(case, resolved + datetime.timedelta(days=rng.randint(1, 4)), rng)
    closing = resolved + datetime.timedelta(days=7)
    with on_day(closing, hour=10):
        if kind == "complaint":
            case = act(case=case, verb="confirm", actor=handler)
            case = act(case=case, verb="close", cause=rng.choice(causes), actor=handler)
        else:
            act(case=case, verb="close", actor=handler)


def _answer(case: ServiceCase, day: datetime.date, rng: random.Random) -> None:
    """Four customers in five answer the survey the resolution sent."""
    survey = Survey.objects.filter(case=case).first()
    if survey is not None and rng.random() < 0.8:
        _reply(survey, day, rng)


def _changes(people: dict[str, Employee], today: datetime.date) -> None:
    """An open case moves to the supervisor while its agent is away; another is made urgent."""
    lead, agent = people["cs_lead"], people["cs_agent"]
    open_cases = ServiceCase.objects.filter(
        state__in=ServiceCase.OPEN_STATES, assignee=agent
    ).exclude(state=ServiceCase.State.REGISTERED)
    first = open_cases.order_by("opened_at").first()
    if first is not None:
        with on_day(today - datetime.timedelta(days=1), hour=9):
            changes.reassign(case=first, assignee=lead, reason="郑浩外出培训两天", actor=lead)
    second = open_cases.exclude(priority="urgent").order_by("-opened_at").first()
    if second is not None:
        with on_day(today, hour=9):
            changes.change_priority(
                case=second, priority="urgent", reason="客户电站停运，需优先处理", actor=agent
            )


def _periodic_round(today: datetime.date, rng: random.Random) -> None:
    """This period's survey of every customer, half of them answered already."""
    with on_day(today - datetime.timedelta(days=10), hour=9):
        sent = surveys.send_periodic(today=today - datetime.timedelta(days=10))
    for survey in sent[::2]:
        _reply(survey, today - datetime.timedelta(days=rng.randint(1, 9)), rng)


def _reply(survey: Survey, day: datetime.date, rng: random.Random) -> None:
    score = rng.choice(SCORES)
    with on_day(day, hour=rng.randint(9, 20)):
        surveys.answer(survey=survey, score=score, comment=COMMENTS[score])
