"""Check the Chinese catalogue: every string a user reads is translated (zh-hans is the default
language), and the compiled .mo matches the .po.

When GNU gettext is installed, the sources are also extracted (as ``make messages`` would) and
every string found must be in the catalogue. Fix a failure with ``make messages`` and by
translating what it adds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "yunying" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def problems_in_catalogue(catalogue: polib.POFile) -> list[str]:
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                problems.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
    return problems


def stale_mo(catalogue: polib.POFile) -> bool:
    if not MO.exists():
        return True
    compiled = polib.mofile(str(MO))
    expected = {_key(e): (e.msgstr, dict(e.msgstr_plural)) for e in catalogue.translated_entries()}
    found = {_key(e): (e.msgstr, dict(e.msgstr_plural)) for e in compiled if e.msgid}
    return expected != found


def missing_from_sources(catalogue: polib.POFile) -> list[str]:
    """Strings in the code that the catalogue lacks, or that the code no longer has.

    ``makemessages`` writes next to the sources, so it runs on a copy of the package in a
    temporary folder; the real catalogue is never touched. Needs GNU gettext (xgettext).
    """
    if shutil.which("xgettext") is None:
        print("translations: xgettext not installed; not comparing with the sources")
        return []
    known = {_key(e) for e in catalogue if not e.obsolete}
    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp) / "yunying"
        shutil.copytree(
            ROOT / "yunying", copy, ignore=shutil.ignore_patterns("vendor", "__pycache__")
        )
        subprocess.run(  # noqa: S603 - fixed command
            [sys.executable, "-m", "yunying.cli", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
            cwd=temp,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
        )
        fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    current = {_key(e) for e in fresh if not e.obsolete}
    missing = [f"not in the catalogue: {key[1]!r}" for key in sorted(current - known)]
    unused = [f"no longer in the code: {key[1]!r}" for key in sorted(known - current)]
    return missing + unused


def main() -> int:
    catalogue = polib.pofile(str(PO))
    problems = problems_in_catalogue(catalogue) + missing_from_sources(catalogue)
    if stale_mo(catalogue):
        problems.append(f"{MO.relative_to(ROOT)} is out of date: run make messages")
    for problem in problems:
        print("translations:", problem)
    if problems:
        print(f"translations: {len(problems)} problem(s); run `make messages` and translate")
        return 1
    print(f"translations: {len(catalogue.translated_entries())} strings, all translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
