from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from yunying.core.management.base import YunyingCommand
from yunying.core.models import Employee


class Command(YunyingCommand):
    help = (
        "Set up a new company from a description (departments, positions with their "
        "permissions, the first employees, in the format of yunying/demo/organisation.yaml) and "
        "the default regulations. The only way to give positions and permissions without an "
        "approved change: it refuses a database that holds a company already (ORG-3)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the organisation, as YAML")
        parser.add_argument(
            "--password", required=True, help="the first password of every employee it creates"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from yunying.core.services.audit_chain import seal
        from yunying.core.services.setup import load_organisation
        from yunying.policy.services import load_regulations

        call_command("migrate", interactive=False, verbosity=0)
        if Employee.objects.exists():
            raise CommandError(
                _("The database holds a company already; change it through the application.")
            )
        try:
            data = yaml.safe_load(options["file"].read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise CommandError(str(error)) from None
        employees = load_organisation(data, password=options["password"])
        regulations = (
            Path(__file__).resolve().parents[3] / "policy" / "defaults" / "regulations.yaml"
        )
        load_regulations(yaml.safe_load(regulations.read_text(encoding="utf-8")))
        seal()
        self.stdout.write(_("Company set up: %(count)s employees.") % {"count": len(employees)})
