"""One database: create a fresh schema, load the company, run the benchmarks, print JSON."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from urllib.parse import urlsplit, urlunsplit

BENCHMARKS = [
    "bench.approvals",
    "bench.procurement",
    "bench.inventory",
    "bench.sales",
    "bench.reads",
    "bench.service",
    "bench.http",
]


def fresh_database(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        name = urlsplit(url).path.lstrip("/")
        admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    fresh_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunying.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from yunying.demo.company import build_organisation

    build_organisation(password="bench-pass-1")
    rows = []
    for name in BENCHMARKS:
        if args.only and name.rsplit(".", 1)[-1] not in args.only:
            continue
        module = importlib.import_module(name)
        print(f"  running {name} ...", file=sys.stderr, flush=True)
        rows.extend(module.run(scale=args.scale))
    print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
