"""Django settings, read from the environment with safe local defaults.

MEETFIRST_HOME          the data folder (default: the platform's user data folder)
MEETFIRST_DATABASE_URL  the store (default: a SQLite file in MEETFIRST_HOME)
MEETFIRST_SECRET_KEY    the signing key (default: a random key kept in MEETFIRST_HOME)
MEETFIRST_DEBUG         "1" for Django's debug pages (never in production)
MEETFIRST_TEAM          "1" for team mode: accounts with passwords, roles and teams (`meetfirst serve --team`)
MEETFIRST_CSRF_TRUSTED_ORIGINS, MEETFIRST_BEHIND_PROXY   for a team server behind a reverse proxy
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import platformdirs


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def meetfirst_home() -> Path:
    return Path(env_str("MEETFIRST_HOME", platformdirs.user_data_dir("meetfirst", appauthor=False)))


def _secret_key(home: Path) -> str:
    configured = env_str("MEETFIRST_SECRET_KEY")
    if configured:
        return configured
    key_file = home / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Written owner-only: the key signs session cookies and login links.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def database_config(url: str, home: Path) -> dict[str, Any]:
    if not url:
        home.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{home / 'meetfirst.sqlite3'}"
    # A PostgreSQL connection is a server process: each web thread keeps its own for a while (checked
    # before each request) instead of starting one per request.
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=300, conn_health_checks=True))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's backend, with a writer's wait for the write lock in short steps (store/sqlite_engine).
        config["ENGINE"] = "meetfirst.store.sqlite_engine"
        # A SQLite connection is a file handle: each web thread keeps its own, with its page cache warm,
        # instead of opening the file again on every request.
        config["CONN_MAX_AGE"] = None
        config["OPTIONS"] = {
            # WAL lets the web app read while an import writes; IMMEDIATE avoids
            # "database is locked" upgrades in the middle of a transaction. Reads through a memory map
            # and sorts in memory spare a copy of every page read.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    # Lets parallel test runs on one PostgreSQL server use databases of their own.
    test_name = env_str("MEETFIRST_TEST_DB_NAME")
    if test_name:
        config["TEST"] = {"NAME": test_name}
    return config


HOME = meetfirst_home()
BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = _secret_key(HOME)
DEBUG = env_bool("MEETFIRST_DEBUG")
# Team mode: password accounts with roles and teams instead of the single owner's one-time login links.
MEETFIRST_TEAM = env_bool("MEETFIRST_TEAM")
ALLOWED_HOSTS = [h for h in env_str("MEETFIRST_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "meetfirst.store",
    "meetfirst.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "meetfirst.web.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "meetfirst.web.middleware.owner_time_zone",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing personal over HTTP without logging in: every view needs a login unless it opts out.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Team mode: roles by page, and no customer of another team (a no-op in single-user mode).
    "meetfirst.web.authorization.TeamAuthorization",
    # Every change made over HTTP goes to the audit log (who, what, when; field names, never values).
    "meetfirst.web.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "meetfirst.web.middleware.domain_errors",
]

ROOT_URLCONF = "meetfirst.web.urls"
WSGI_APPLICATION = "meetfirst.web.wsgi.application"
# Django's ModelBackend, with the per-request lookup of the account written in SQL (an earlier release
# named ModelBackend itself: sessions from it end, and their owner logs in again once).
AUTHENTICATION_BACKENDS = ["meetfirst.store.accounts_backend.AccountBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "board"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meetfirst.web.context.team",
            ],
            # `{% url %}` that remembers what it reversed (web/url_tag.py), in place of Django's.
            "builtins": ["meetfirst.web.url_tag"],
        },
    },
]

DATABASES = {"default": database_config(env_str("MEETFIRST_DATABASE_URL"), HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
LANGUAGE_CODE = "en-us"

STATIC_URL = "/static/"
# Static files are served by WhiteNoise straight from the installed package: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Cookies and headers: strict by default; HTTPS-only cookies when served behind TLS (team mode).
SECURE_COOKIES = env_bool("MEETFIRST_SECURE_COOKIES")
# Django's database sessions, read with one line of SQL (store/sessions.py).
SESSION_ENGINE = "meetfirst.store.sessions"
SESSION_COOKIE_NAME = "meetfirst_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_AGE = int(env_str("MEETFIRST_SESSION_HOURS", "12")) * 3600
# On a shared server a session also ends with the browser (the age above still caps it).
SESSION_EXPIRE_AT_BROWSER_CLOSE = MEETFIRST_TEAM
CSRF_COOKIE_NAME = "meetfirst_csrftoken"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SECURE_COOKIES
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy (nginx with TLS): the origins users type, and the proxy's forwarded headers.
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env_str("MEETFIRST_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]
BEHIND_PROXY = env_bool("MEETFIRST_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# Team-mode passwords: checked by Django's validators, stored by its hashers (PBKDF2 by default).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Uploads: the import page accepts LinkedIn exports; anything bigger than this is refused.
MAX_UPLOAD_BYTES = int(env_str("MEETFIRST_MAX_UPLOAD_MB", "200")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"meetfirst": {"handlers": ["stderr"], "level": env_str("MEETFIRST_LOG_LEVEL", "WARNING")}},
}
