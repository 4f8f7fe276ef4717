"""Run every benchmark on SQLite and, when a server answers, on PostgreSQL; print the figures.

Each database gets a fresh schema in its own process (Django settings are per process):
``python -m bench [--only NAME] [--sqlite-only]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def postgres_url() -> str | None:
    probe = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, str(ROOT / "tools" / "postgres_url.py")], capture_output=True, text=True
    )
    if probe.returncode != 0:
        return None
    return probe.stdout.strip().rsplit("/", 1)[0] + "/yunying_bench_{group}"


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs {cpu}"
    return f"{system}, Python {platform.python_version()}"


# Benchmarks that share a database, in the order they run.
GROUPS = [["approvals", "procurement", "inventory", "sales", "http"], ["reads"], ["service"]]


def run_group(label: str, database_url: str, names: list[str], scale: float, temp: str) -> int:
    command = [sys.executable, "-m", "bench.run", "--scale", str(scale)]
    for name in names:
        command += ["--only", name]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "YUNYING_DEBUG": "0",
        "YUNYING_SECRET_KEY": "bench",
        "YUNYING_VAR_DIR": temp,
    }
    print(f"== {label}: {', '.join(names)}", flush=True)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        print(done.stdout)
        return done.returncode
    for row in json.loads(done.stdout.strip().splitlines()[-1]):
        print(f"  {row['name']:62} {row['value']:>12} {row['unit']}")
    print(flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the data sizes")
    args = parser.parse_args()
    targets = []
    with tempfile.TemporaryDirectory() as temp:
        targets.append(("SQLite (WAL)", f"sqlite:///{temp}/bench_{{group}}.sqlite3"))
        url = None if args.sqlite_only else postgres_url()
        if url:
            targets.append(("PostgreSQL", url))
        else:
            print("PostgreSQL: skipped (no server answers on 127.0.0.1:5432)")
        print(f"Machine: {machine()}\n")
        for label, database_url in targets:
            # The reads build their own history of a million rows: in a database of their own.
            for group in GROUPS:
                names = [n for n in group if not args.only or n in args.only]
                if not names:
                    continue
                url = database_url.format(group=names[0])
                code = run_group(label, url, names, args.scale, temp)
                if code:
                    return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
