"""Copy the pinned front-end packages into ``yunying/static/vendor`` and the font that printed
PDFs embed into ``yunying/core/fonts`` (``core.pdf``).

The versions and their sha512 integrity come from ``package-lock.json``; the tarballs come from
the npm registry (``npm_config_registry`` or the public one). Node.js is not needed. A file that
is already in place with the locked version is left alone, so repeated runs cost nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "yunying" / "static" / "vendor"
FONTS = ROOT / "yunying" / "core" / "fonts"
# package name -> {path inside the tarball: where it goes (a file name: under vendor/)}
WANTED: dict[str, dict[str, str | Path]] = {
    "htmx.org": {"package/dist/htmx.min.js": "htmx.min.js"},
    "echarts": {"package/dist/echarts.min.js": "echarts.min.js"},
    # The font embedded (subset) in printed PDFs (core.pdf): Noto Sans SC, SIL OFL.
    "@expo-google-fonts/noto-sans-sc": {
        "package/400Regular/NotoSansSC_400Regular.ttf": FONTS / "NotoSansSC-Regular.ttf",
        "package/LICENSE_FONT": FONTS / "OFL.txt",
    },
}


def registry() -> str:
    # npm's own (lower-case) variable, so an npm mirror configured for npm is used here too.
    url = os.environ.get("npm_config_registry", "https://registry.npmjs.org/")  # noqa: SIM112
    return url.rstrip("/")


def fetch(name: str, version: str, integrity: str) -> bytes:
    url = f"{registry()}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - fixed https registry
        data: bytes = response.read()
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"{name}@{version}: integrity mismatch ({url})")
    return data


def main() -> int:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, files in WANTED.items():
        entry = lock["packages"][f"node_modules/{name}"]
        stamp = VENDOR / f".{name.replace('/', '+')}.version"
        if (
            stamp.exists()
            and stamp.read_text() == entry["version"]
            and all((VENDOR / target).exists() for target in files.values())
        ):
            continue
        data = fetch(name, entry["version"], entry["integrity"])
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member, target in files.items():
                extracted = archive.extractfile(member)
                if extracted is None:
                    raise SystemExit(f"{name}: {member} is not in the package")
                destination = VENDOR / target  # an absolute path stays as it is
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(extracted.read())
        stamp.write_text(entry["version"])
        print(f"vendor: {name}@{entry['version']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
