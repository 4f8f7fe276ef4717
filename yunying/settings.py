"""Django settings for Yunying.

Everything that differs between a laptop and production comes from the environment:
``DATABASE_URL`` (SQLite under ``var/`` when unset), ``YUNYING_SECRET_KEY``, ``YUNYING_DEBUG``,
``YUNYING_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("YUNYING_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("YUNYING_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("YUNYING_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("YUNYING_SECRET_KEY must be set when YUNYING_DEBUG=0")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105
# Signs the audit chain's seals (core.services.audit_chain); it must never be stored in the
# database. Set it in production; by default it derives from the secret key.
YUNYING_AUDIT_KEY = (
    os.environ.get("YUNYING_AUDIT_KEY", "")
    or hashlib.sha256(f"yunying.audit:{SECRET_KEY}".encode()).hexdigest()
)
ALLOWED_HOSTS = os.environ.get("YUNYING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:inbox"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from it once collected
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yunying.core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "yunying.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "yunying.core.apibase.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yunying API",
    "DESCRIPTION": "Operations management built on the company regulations (运营管理制度).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
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
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The company's reporting currency: approval thresholds and budgets compare in it.
YUNYING_COMPANY_CURRENCY = "CNY"
