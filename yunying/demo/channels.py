"""The demo company's group robots: two departments have one set up but switched off, pointing
at a local address where nothing listens, so the demo shows the settings and sends nothing out of
the machine. Switching one on shows a delivery failing, being retried and given up."""

from __future__ import annotations

from yunying.core.models import ChannelKind, Department, DepartmentChannel, Employee
from yunying.core.services import channels

# Port 9 (discard): nothing answers on a demo machine; never an outside host.
DEMO_WEBHOOK = "http://127.0.0.1:9/demo-robot/{code}"
ROBOTS = (
    ("LOG", ChannelKind.WECOM, ""),
    ("PROC", ChannelKind.DINGTALK, "SEC-demo-signing-secret"),
)


def build_channels() -> list[DepartmentChannel]:
    administrator = Employee.objects.get(user__username="admin")
    made = []
    for code, kind, secret in ROBOTS:
        department = Department.objects.get(code=code)
        if DepartmentChannel.objects.filter(department=department).exists():
            continue
        made.append(
            channels.create_channel(
                actor=administrator,
                department=department,
                kind=kind,
                webhook_url=DEMO_WEBHOOK.format(code=code.lower()),
                secret=secret,
                active=False,
            )
        )
    return made
