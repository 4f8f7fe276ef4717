"""Install Debian's Chromium (and CJK fonts) for the browser tests when it is missing and this
machine allows it (root with apt-get). Otherwise say why; the browser tests then skip with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PACKAGES = ["chromium", "fonts-noto-cjk"]
CHROMIUM = os.environ.get("YUNYING_CHROMIUM", "/usr/bin/chromium")


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    apt = shutil.which("apt-get")
    if apt is None:
        print(f"browser tests will skip: {CHROMIUM} is missing and apt-get is not available")
        return 0
    command = [apt, "install", "-y", "-q", *PACKAGES]
    if os.geteuid() != 0:
        sudo = shutil.which("sudo")
        if sudo is None or subprocess.call([sudo, "-n", "true"], stderr=subprocess.DEVNULL) != 0:  # noqa: S603
            print(f"browser tests will skip: {CHROMIUM} is missing; run: sudo {' '.join(command)}")
            return 0
        command = [sudo, "-n", *command]
    print("installing Chromium for the browser tests:", " ".join(PACKAGES))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.call(command, env=env, stdout=subprocess.DEVNULL) != 0:  # noqa: S603
        print("browser tests will skip: installing Chromium failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
