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
    return probe.stdout.strip().rsplit("/", 1)[0] + "/yunying_bench"


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the data sizes")
    args = parser.parse_args()
    targets = []
    with tempfile.TemporaryDirectory() as temp:
        targets.append(("SQLite (WAL)", f"sqlite:///{temp}/bench.sqlite3"))
        url = None if args.sqlite_only else postgres_url()
        if url:
            targets.append(("PostgreSQL", url))
        else:
            print("PostgreSQL: skipped (no server answers on 127.0.0.1:5432)")
        print(f"Machine: {machine()}\n")
        results = {}
        for label, database_url in targets:
            command = [sys.executable, "-m", "bench.run", "--scale", str(args.scale)]
            for name in args.only:
                command += ["--only", name]
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "YUNYING_DEBUG": "0",
                "YUNYING_SECRET_KEY": "bench",
                "YUNYING_VAR_DIR": temp,
            }
            print(f"== {label}", flush=True)
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
            sys.stderr.write(done.stderr)
            if done.returncode != 0:
                print(done.stdout)
                return done.returncode
            results[label] = json.loads(done.stdout.strip().splitlines()[-1])
            for row in results[label]:
                print(f"  {row['name']:62} {row['value']:>12} {row['unit']}")
            print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
