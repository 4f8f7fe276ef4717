"""Clause coverage: each clause id of the regulations with the tests that cite it and whether
they passed (``make clauses``).

The clause list is read from ``../shared/spec/clauses.yaml`` when present (the product spec),
otherwise from the clause ids of the default regulations shipped with the product.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT.parent / "shared" / "spec" / "clauses.yaml"
DEFAULTS = ROOT / "yunying" / "policy" / "defaults" / "regulations.yaml"
REPORT = ROOT / "var" / "clause-report.json"


def clause_ids() -> list[tuple[str, str]]:
    if SPEC.exists():
        entries = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
        return [(e["id"], e.get("rule", "")) for e in entries]
    regulations = yaml.safe_load(DEFAULTS.read_text(encoding="utf-8"))["regulations"]
    return [(c["id"], c["title"]) for r in regulations for c in r["clauses"]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-run", action="store_true", help="use the last report, do not run")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    if not args.no_run:
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            f"--clause-report={REPORT}",
        ]
        subprocess.call([*command, *args.pytest_args], cwd=ROOT)  # noqa: S603 - fixed command
    results = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    by_clause: dict[str, list[tuple[str, str]]] = {}
    for nodeid, entry in results.items():
        for clause in entry["clauses"]:
            by_clause.setdefault(clause, []).append((nodeid, entry["outcome"]))
    known = clause_ids()
    covered = 0
    print()
    for clause, _rule in known:
        tests = by_clause.get(clause, [])
        passed = sum(outcome == "passed" for _, outcome in tests)
        skipped = sum(outcome == "skipped" for _, outcome in tests)
        if not tests:
            status = "—  no test"
        elif any(outcome == "failed" for _, outcome in tests):
            status = "FAILED"
        elif passed:
            status = f"ok {passed} passed" + (f", {skipped} skipped here" if skipped else "")
            covered += 1
        else:
            status = "skipped"
        print(f"{clause:9} {status}")
        for nodeid, outcome in sorted(tests):
            print(f"            {outcome:7} {nodeid}")
    unknown = sorted(set(by_clause) - {c for c, _ in known})
    for clause in unknown:
        print(f"{clause:9} cited by tests but not a known clause")
    print(f"\n{covered} of {len(known)} clauses have passing tests.")
    return 1 if any(o == "failed" for e in results.values() for o in [e["outcome"]]) else 0


if __name__ == "__main__":
    sys.exit(main())
