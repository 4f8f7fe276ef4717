"""Print a DATABASE_URL for the local PostgreSQL server if one answers; exit 1 if none does.

``YUNYING_TEST_POSTGRES_URL`` overrides the default ``postgres://postgres@127.0.0.1:5432/yunying``.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit, urlunsplit


def main() -> int:
    url = os.environ.get("YUNYING_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/yunying")
    try:
        import psycopg
    except ImportError:
        return 1
    # Django creates the test database from the maintenance database "postgres".
    probe = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        with psycopg.connect(probe, connect_timeout=3):
            pass
    except psycopg.Error:
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
