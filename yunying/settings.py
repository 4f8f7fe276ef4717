"""Django settings for Yunying.

Everything that differs between a laptop and production comes from the environment:
``DATABASE_URL`` (SQLite under ``var/`` when unset), ``YUNYING_SECRET_KEY`` (made once into
``var/secret_key`` when unset), ``YUNYING_DEBUG`` (off unless ``1``), ``YUNYING_ALLOWED_HOSTS``,
``YUNYING_HTTPS`` (``1`` behind an HTTPS reverse proxy), ``YUNYING_PROXIES``. README.md
("Production") lists them all.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("YUNYING_VAR_DIR", PROJECT_DIR / "var"))


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default) == "1"


def _secret_key() -> str:
    """``YUNYING_SECRET_KEY``, or else a random key made once into ``var/secret_key`` (mode
    600, never committed): a fresh clone runs with no environment set, and the key — with the
    audit key derived from it — stays the same from one start to the next."""
    given = os.environ.get("YUNYING_SECRET_KEY", "")
    if given:
        return given
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        # Written privately aside, then linked into place: of processes starting at once (the
        # server's workers), the first link wins and every process reads that one key.
        aside = path.with_name(f".secret_key.{os.getpid()}")
        aside.unlink(missing_ok=True)
        descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it for a new key, or set YUNYING_SECRET_KEY")
    return key


DEBUG = _flag("YUNYING_DEBUG")
SECRET_KEY = _secret_key()
# Signs the audit chain's seals (core.services.audit_chain); it must never be stored in the
# database. Set it in production; by default it derives from the secret key.
YUNYING_AUDIT_KEY = (
    os.environ.get("YUNYING_AUDIT_KEY", "")
    or hashlib.sha256(f"yunying.audit:{SECRET_KEY}".encode()).hexdigest()
)
ALLOWED_HOSTS = os.environ.get("YUNYING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# HTTPS (YUNYING_HTTPS=1): served behind a reverse proxy that terminates TLS and sets
# X-Forwarded-Proto. Plain HTTP is redirected, cookies are sent over HTTPS only, and browsers
# are told to use HTTPS alone for a year (HSTS; YUNYING_HSTS_SECONDS=0 turns it off).
HTTPS = _flag("YUNYING_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("YUNYING_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and _flag("YUNYING_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = HTTPS and _flag("YUNYING_HSTS_PRELOAD", "1")
# Always on: no framing, no content-type sniffing, no referrer to other sites.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# How many reverse proxies stand in front (their X-Forwarded-For is trusted to name the
# client's address, for the login lock-out and the API throttles); 0 reads REMOTE_ADDR alone.
YUNYING_PROXIES = int(os.environ.get("YUNYING_PROXIES", "0"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "yunying.core",
    "yunying.policy",
    "yunying.approvals",
    "yunying.masterdata",
    "yunying.inventory",
    "yunying.procurement",
    "yunying.sales",
    "yunying.crm",
    "yunying.service",
    "yunying.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "yunying.core.errorpages.ErrorAnswersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yunying.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yunying.core.middleware.CurrentEmployeeMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its answer (core.security).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yunying.urls"
WSGI_APPLICATION = "yunying.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yunying.core.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'yunying.sqlite3'}"
    # Persistent connections (a new one costs a few milliseconds per request), checked before
    # reuse; YUNYING_CONN_MAX_AGE=0 closes them after each request.
    config: dict[str, object] = dict(
        dj_database_url.parse(
            url,
            conn_max_age=int(os.environ.get("YUNYING_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A row lock waited for longer than this fails the statement; the service transaction
        # tries again and then answers "busy" (core.tx) instead of hanging the request.
        lock_timeout = int(os.environ.get("YUNYING_LOCK_TIMEOUT_MS", "5000"))
        config["OPTIONS"] = {"options": f"-c lock_timeout={lock_timeout}"}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN,
        # so two writers queue instead of failing half-way with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before the password
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in lock-out (django-axes), for the login page and the API token alike: after
# YUNYING_LOGIN_FAILURES failures for one account, or from one address, further attempts are
# refused (even with the right password) until YUNYING_LOGIN_COOLOFF_MINUTES have passed
# without one. The attempts are kept in the database, shared by every server process.
AXES_FAILURE_LIMIT = int(os.environ.get("YUNYING_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("YUNYING_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "yunying.core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "yunying.core.security.client_ip"
AXES_ENABLE_ADMIN = False
# API tokens stop working this long after they were issued; DELETE /api/v1/auth/token/
# revokes one at once.
YUNYING_TOKEN_LIFETIME = datetime.timedelta(days=int(os.environ.get("YUNYING_TOKEN_DAYS", "30")))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:inbox"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Amounts are grouped by thousands in both languages (yunying/formats); inputs stay plain.
FORMAT_MODULE_PATH = ["yunying.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from it once collected
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


def _rate(name: str, default: str) -> str | None:
    rate = os.environ.get(name, default)
    return None if rate == "off" else rate


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yunying.core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "yunying.core.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "yunying.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "yunying.core.apibase.exception_handler",
    # Requests per client (429 with Retry-After beyond): "anon" per address, "user" per
    # account, "auth" (stricter) for the token and password endpoints. Counted in each server
    # process's memory; "off" lifts a limit.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _rate("YUNYING_API_RATE_ANON", "60/minute"),
        "user": _rate("YUNYING_API_RATE_USER", "1200/minute"),
        "auth": _rate("YUNYING_API_RATE_AUTH", "20/minute"),
    },
    "NUM_PROXIES": YUNYING_PROXIES,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Bodies are JSON; a view that receives a file sets its own parser_classes (multipart).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yunying API",
    "DESCRIPTION": "Operations management built on the company regulations (运营管理制度).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",  # served here, as the policy asks (no CDN)
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "yunying.core.schema.idempotency_header",
    ],
    # Several documents have a "state" field with their own choices; name each enum.
    "ENUM_NAME_OVERRIDES": {
        "PositionChangeStateEnum": "yunying.core.models.PositionChange.State",
        "RegulationVersionStateEnum": "yunying.policy.models.RegulationVersion.State",
        "ApprovalRequestStateEnum": "yunying.approvals.models.ApprovalRequest.State",
        "ApprovalStepStateEnum": "yunying.approvals.models.ApprovalStep.State",
        "PurchasePlanKindEnum": "yunying.procurement.models.PurchasePlan.Kind",
        "PurchasePlanStateEnum": "yunying.procurement.models.PurchasePlan.State",
        "PurchaseContractStateEnum": "yunying.procurement.models.PurchaseContract.State",
        "GoodsReceiptStateEnum": "yunying.procurement.models.GoodsReceipt.State",
        "ChannelKindEnum": "yunying.core.models.ChannelKind",
        "NotificationDeliveryStateEnum": "yunying.core.models.Delivery.State",
        "CalendarDayKindEnum": "yunying.core.models.CalendarDay.Kind",
        "WeekdayEnum": "yunying.core.models.Weekday",
        "ContactRecordKindEnum": "yunying.crm.models.ContactRecord.Kind",
        "MarketIntelSourceEnum": "yunying.crm.models.MarketIntel.Source",
        "ServiceCasePriorityEnum": "yunying.service.models.ServiceCase.Priority",
    },
}

# Content-Security-Policy (django-csp): scripts and style sheets only from this site (static
# files; an inline block needs the request's nonce). Style attributes stay allowed
# (style-src-attr): they cannot run code, and ECharts' tooltips and some templates use them.
# The hashes admit inline code of templates kept by other apps until it moves to static files
# (tests/core/test_csp.py checks every template against this policy):
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Each server process keeps its own cache (the API throttles count in it).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The company's reporting currency: approval thresholds and budgets compare in it.
YUNYING_COMPANY_CURRENCY = "CNY"

# Uploads (the Excel imports, the counting sheet): a file larger than YUNYING_UPLOAD_MAX_BYTES
# is refused, naming the limit, and what a workbook unpacks to is checked before it is parsed
# (core.excel). An upload above FILE_UPLOAD_MAX_MEMORY_SIZE goes to a temporary file, not to
# memory; a request carries at most DATA_UPLOAD_MAX_NUMBER_FILES files and, besides its files,
# DATA_UPLOAD_MAX_MEMORY_SIZE bytes. Cap the request body at the proxy in front as well.
YUNYING_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# A document's attachment (core.services.attachments): at most this size, kept under MEDIA_ROOT.
YUNYING_ATTACHMENT_MAX_BYTES = int(os.environ.get("YUNYING_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))

# Scheduled work (core.queue): Celery with Redis as the broker, e.g.
# YUNYING_BROKER_URL=redis://127.0.0.1:6379/0, run by `yunying worker` and `yunying scheduler`.
# Unset, `yunying serve` runs the due checks itself (embedded mode, for the demo). A check that
# raises is tried again after each of these delays, then the administrators are alerted.
YUNYING_BROKER_URL = os.environ.get("YUNYING_BROKER_URL", "") or os.environ.get(
    "CELERY_BROKER_URL", ""
)
YUNYING_CHECK_RETRY_SECONDS = (60, 300)
# An Excel export of more rows than this is written in the background as a job on the queue
# (core.services.export_jobs); the person is notified and downloads it from /exports/.
YUNYING_EXPORT_INLINE_ROWS = int(os.environ.get("YUNYING_EXPORT_INLINE_ROWS", "20000"))
# Backups (`yunying backup`, and the daily core.backup check): one archive of the database and
# the attachments (MEDIA_ROOT) each; the newest YUNYING_BACKUP_KEEP are kept in the folder.
MEDIA_ROOT = Path(os.environ.get("YUNYING_MEDIA_DIR", VAR_DIR / "media"))
YUNYING_BACKUP_DIR = Path(os.environ.get("YUNYING_BACKUP_DIR", VAR_DIR / "backups"))
YUNYING_BACKUP_KEEP = int(os.environ.get("YUNYING_BACKUP_KEEP", "14"))

# Notifications outside the browser (core.services.delivery): e-mail to each recipient and the
# group robots of the departments (企业微信, 钉钉, 飞书), set at /system/channels/. Links in them
# start with SITE_URL, the address people open Yunying at. E-mail goes through Django's mail:
# printed to the console unless YUNYING_EMAIL_BACKEND names another backend, e.g.
# django.core.mail.backends.smtp.EmailBackend with the YUNYING_EMAIL_* settings below.
SITE_URL = os.environ.get("YUNYING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = os.environ.get(
    "YUNYING_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("YUNYING_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("YUNYING_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("YUNYING_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("YUNYING_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("YUNYING_EMAIL_TLS")
EMAIL_USE_SSL = _flag("YUNYING_EMAIL_SSL")
EMAIL_TIMEOUT = int(os.environ.get("YUNYING_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("YUNYING_EMAIL_FROM", "yunying@localhost")
# A delivery that fails is tried again after YUNYING_DELIVERY_RETRY_SECONDS, doubling each time,
# and given up after YUNYING_DELIVERY_ATTEMPTS attempts; a robot gets this long to answer.
YUNYING_DELIVERY_RETRY_SECONDS = int(os.environ.get("YUNYING_DELIVERY_RETRY_SECONDS", "60"))
YUNYING_DELIVERY_ATTEMPTS = int(os.environ.get("YUNYING_DELIVERY_ATTEMPTS", "5"))
YUNYING_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("YUNYING_WEBHOOK_TIMEOUT_SECONDS", "5"))
