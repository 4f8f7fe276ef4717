from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from yunying.core.management.base import YunyingCommand
from yunying.core.models import Employee
from yunying.core.services import audit_chain
from yunying.demo.calendar import build_calendar
from yunying.demo.company import DEMO_PASSWORD, build


class Command(YunyingCommand):
    help = "Create (migrate) the database and load the demo company once; print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-history", action="store_true", help="only the organisation and regulations"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if Employee.objects.exists():
            self.stdout.write(_("The database already holds a company; nothing was loaded."))
            with transaction.atomic():
                added = build_calendar()  # the holidays of years published since it was made
            if added:
                self.stdout.write(
                    _("Days added to the working calendar: %(count)s.") % {"count": len(added)}
                )
        else:
            self.stdout.write(_("Loading the demo company (this takes a few seconds) ..."))
            with transaction.atomic():
                build(history=not options["no_history"])
            audit_chain.seal()  # the scheduled check seals what follows
        self.stdout.write("")
        self.stdout.write(
            _("Logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for employee in (
            Employee.objects.select_related("user", "department")
            .prefetch_related("positions")
            .order_by("employee_no")
        ):
            positions = "、".join(p.name for p in employee.positions.all())
            username, department = employee.user.username, employee.department.name
            self.stdout.write(f"  {username:20} {employee.name:6} {department} · {positions}")
        self.stdout.write("")
        self.stdout.write(_("Open http://127.0.0.1:8000 and log in as one of them."))
