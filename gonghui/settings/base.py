"""Settings for development and the embedded (SQLite) default.

Secrets come from the environment. When they are absent (a laptop running `make run`), a random
secret is generated once and kept in var/secrets.json so that restarts keep sessions and, above
all, keep encrypted personal data readable.
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GONGHUI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secrets() -> dict[str, str]:
    path = VAR_DIR / "secrets.json"
    values = json.loads(path.read_text()) if path.exists() else {}
    missing = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "PII_KEY": lambda: secrets.token_hex(32),
        "AUDIT_KEY": lambda: secrets.token_hex(32),
    }
    # A key added by a later version joins the file; the existing ones are never replaced.
    added = {name: make() for name, make in missing.items() if name not in values}
    if added:
        values |= added
        path.write_text(json.dumps(values))
        path.chmod(0o600)
    return values


_SECRETS = ("GONGHUI_SECRET_KEY", "GONGHUI_PII_KEY", "GONGHUI_AUDIT_KEY")
# A key file (GONGHUI_PII_KEY_FILE, below) stands for GONGHUI_PII_KEY.
_given = {name for name in _SECRETS if os.environ.get(name)}
_given |= {"GONGHUI_PII_KEY"} if os.environ.get("GONGHUI_PII_KEY_FILE") else set()
_local = _local_secrets() if len(_given) < len(_SECRETS) else {}
SECRET_KEY = os.environ.get("GONGHUI_SECRET_KEY") or _local["SECRET_KEY"]
# 32 bytes hex: the first 16 bytes are the SM4 key, the last 16 the HMAC-SM3 key. Versioned for
# rotation (README "Key rotation", gonghui.core.crypto): GONGHUI_PII_KEY is the key of version
# GONGHUI_PII_KEY_VERSION; GONGHUI_PII_KEYS ("2:hex,1:hex") or GONGHUI_PII_KEY_FILE (lines
# "version:hex", mode 0400, outside the data directory) hold the versions still readable. With a
# key file and no GONGHUI_PII_KEY, the current version's key comes from the file.
PII_KEY_VERSION = int(os.environ.get("GONGHUI_PII_KEY_VERSION", "1"))
PII_KEYS = os.environ.get("GONGHUI_PII_KEYS", "")
PII_KEY_FILE = os.environ.get("GONGHUI_PII_KEY_FILE", "")
PII_KEY = os.environ.get("GONGHUI_PII_KEY") or ("" if PII_KEY_FILE else _local["PII_KEY"])
# 32 bytes hex: the HMAC-SM3 key that chains the audit trail (`manage.py audit_seal`). Kept out
# of the database like the data keys, so that whoever can rewrite the tables cannot re-seal them.
AUDIT_KEY = os.environ.get("GONGHUI_AUDIT_KEY") or _local["AUDIT_KEY"]

DEBUG = os.environ.get("GONGHUI_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("GONGHUI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "treebeard",
    "gonghui.core",
    "gonghui.audit",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.workcalendar",
    "gonghui.imports",
    "gonghui.members",
    "gonghui.hotline",
    "gonghui.notifications",
    "gonghui.uplink",
    "gonghui.metrics",
    "gonghui.portal",
    "gonghui.sites",
    "gonghui.stats",
    "gonghui.assistance",
    # After the apps whose org handlers come first (members: the people of a merged union).
    "gonghui.inbox",
    "gonghui.notices",
    "gonghui.recuperation",
    "gonghui.honors",
    "gonghui.competitions",
    "gonghui.national",
    "gonghui.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gonghui.core.middleware.InputGuardMiddleware",
    "gonghui.core.sessions.SessionMiddleware",  # saves at most once a minute (see there)
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.RequestContextMiddleware",
    "gonghui.core.dbrouting.ReadRoutingMiddleware",
    "gonghui.portal.auth.WorkerMiddleware",
    "gonghui.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    "gonghui.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
CSRF_FAILURE_VIEW = "gonghui.core.errorpages.csrf_failure"
WSGI_APPLICATION = "gonghui.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "gonghui.notifications.context_processors.notifications",
            ],
        },
    },
]

# Persistent connections (60 s) are checked before a request's first query: after a restart of
# the primary the next request reconnects instead of failing (drill_primary_restart.py).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
# PostgreSQL with two roles: DATABASE_URL is the application's role, which may only insert into
# and read the audit tables; GONGHUI_DB_MIGRATE_URL names the tables' owner, as whom `migrate`
# runs (and then grants the application's role what it needs, gonghui.core.dbroles). Unset:
# one role does both, as on SQLite.
DATABASE_MIGRATE_URL = os.environ.get("GONGHUI_DB_MIGRATE_URL", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server and the task worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

# A streaming replica for the reads that tolerate a second of staleness (dashboards, statistics,
# exports, lists: the URL names of GONGHUI_REPLICA_VIEWS), see gonghui/core/dbrouting.py. Unset:
# every query goes to `default`, exactly as without the router.
GONGHUI_REPLICA_URL = os.environ.get("GONGHUI_REPLICA_URL", "")
if GONGHUI_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        GONGHUI_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    # Tests run with a replica configured use the test database through a second connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gonghui.core.dbrouting.ReplicaRouter"]
# Seconds after a write during which the same browser reads from the primary (cookie gh_primary).
GONGHUI_REPLICA_STICKY_SECONDS = int(os.environ.get("GONGHUI_REPLICA_STICKY_SECONDS", "5"))
# `X-Gonghui-Read-Db: default,replica` on every answer: which databases served its reads (the
# local stack's smoke checks; off in production).
GONGHUI_READ_ROUTING_HEADER = os.environ.get("GONGHUI_READ_ROUTING_HEADER", "") == "1"
GONGHUI_REPLICA_VIEWS = frozenset(
    {
        "stats:home",
        "stats:org",
        "stats:export",
        "stats:report",
        "stats:report_docx",
        "hotline_stats:page",
        "hotline_stats:export",
        "members:list",
        "members:export",
        "orgs:export",
        "audit:list",
        "audit:export",
        "sites:list",
        "sites_portal:map",
        "notices:list",
        "assistance:archive_list",
        "assistance:aid_ledger",
        "assistance:campaign_list",
        "assistance:grant_list",
        "studios:list",
        "studios:stats",
        "quiz:stats",
        "competitions:list",
    }
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every web process shares (a per-process memory cache would let each gunicorn worker
# keep its own counts): the database by default — table gonghui_cache, made by
# `manage.py createcachetable`, no further service — and Redis in production, e.g.
# GONGHUI_CACHE_URL=redis://127.0.0.1:6379/0. Rate limits (gonghui.core.ratelimit) count in Redis
# when it is set, otherwise in their own table with an atomic increment.
_CACHE_URL = os.environ.get("GONGHUI_CACHE_URL", "")
_CACHE_PREFIX = os.environ.get("GONGHUI_CACHE_KEY_PREFIX", "gonghui")
if _CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": _CACHE_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gonghui_cache",
            "KEY_PREFIX": _CACHE_PREFIX,
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "gonghui.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "gonghui.accounts.validators.CharacterClassValidator"},
    {"NAME": "gonghui.accounts.validators.NoUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login lockout: 5 failures lock the username for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gonghui.accounts.views.locked_out"
# The address axes records on its rows: the one the rate limits and the audit trail use (behind
# nginx the address the trusted proxy saw, never a client's own X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "gonghui.core.middleware.client_address"
# Staff of one union usually share an office NAT address: locking by IP would lock them all out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# 30 minutes idle timeout, sliding: `gonghui.core.sessions.SessionMiddleware` saves the session
# when it changes, else at most every GONGHUI_SESSION_SAVE_INTERVAL s: idle ends after 29–30 min.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
GONGHUI_SESSION_SAVE_INTERVAL = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "inbox:start"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
# The only language: LocaleMiddleware must not switch an English browser to English messages.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("GONGHUI_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and data only from this site's
# own (vendored) files — no inline <script>, no on*= handlers, no javascript: URLs, no eval. Data
# for a script goes in `json_script` or data- attributes. <style> elements are refused too;
# style="" attributes are allowed (style-src-attr 'unsafe-inline', nothing else): ECharts writes
# its tooltips as HTML with them, and a few templates set one property on one element.
# img-src allows data: (Swagger UI's icons in its CSS, the favicon);
# the site map adds its tile server's origin, from GONGHUI_MAP_TILE_URL, on that page only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An uploaded import file is deleted as soon as its import ends. The error reports (values
# masked) are deleted this many days after the import ended (the job's counters stay):
# `manage.py purge_import_files`, and on each new import.
GONGHUI_IMPORT_KEEP_DAYS = int(os.environ.get("GONGHUI_IMPORT_KEEP_DAYS", "30"))
# Retention of `manage.py housekeeping` (README "Scheduled jobs"), in days: rows older than
# this go; unsent messages, unfinished tasks and the audit trail never do.
GONGHUI_KEEP_UPLINK_SENT_DAYS = int(os.environ.get("GONGHUI_KEEP_UPLINK_SENT_DAYS", "90"))
GONGHUI_KEEP_SMS_CODES_DAYS = int(os.environ.get("GONGHUI_KEEP_SMS_CODES_DAYS", "30"))
GONGHUI_KEEP_LOGIN_FAILURES_DAYS = int(os.environ.get("GONGHUI_KEEP_LOGIN_FAILURES_DAYS", "90"))
GONGHUI_KEEP_CERTIFICATION_DAYS = int(os.environ.get("GONGHUI_KEEP_CERTIFICATION_DAYS", "180"))
GONGHUI_KEEP_TASK_RESULTS_DAYS = int(os.environ.get("GONGHUI_KEEP_TASK_RESULTS_DAYS", "14"))
# Refuse to write an audit action no app declared (see gonghui/audit/registry.py); on in tests.
GONGHUI_AUDIT_STRICT_ACTIONS = False

# Course videos (工匠学院 online courses): with a prefix such as "/protected-media/", the video
# view answers with X-Accel-Redirect and nginx sends the file from an `internal` location (README,
# 线上课程); empty: Django streams it with Range support. The player's heartbeat interval.
GONGHUI_MEDIA_ACCEL_PREFIX = os.environ.get("GONGHUI_MEDIA_ACCEL_PREFIX", "")
GONGHUI_LEARNING_BEAT_SECONDS = int(os.environ.get("GONGHUI_LEARNING_BEAT_SECONDS", "15"))

API_TOKEN_TTL_HOURS = 12
MEMBERS_PAGE_SIZE = 20
HOTLINE_PAGE_SIZE = 20

# 向上连通全国总工会: every case event is POSTed here as JSON (gonghui.hotline.uplink_events); empty
# URL = disabled (no outbox rows are written). Run `manage.py uplink_send --every 10` to send.
UPLINK_URL = os.environ.get("GONGHUI_UPLINK_URL", "")
UPLINK_TOKEN = os.environ.get("GONGHUI_UPLINK_TOKEN", "")
UPLINK_TIMEOUT = 10  # seconds per request
UPLINK_BACKOFF_BASE = 30  # seconds after the first failure, doubled after each further one
UPLINK_BACKOFF_MAX = 3600
UPLINK_BATCH = 500  # cases worked on per sending round

# 短信 (worker portal verification codes): dotted path of the backend class, see
# gonghui/portal/sms.py for plugging in a real provider. The console backend logs the message.
GONGHUI_SMS_BACKEND = os.environ.get("GONGHUI_SMS_BACKEND", "gonghui.portal.sms.ConsoleBackend")
# The signature (签名) every message starts with, as registered with the provider.
GONGHUI_SMS_SIGN = os.environ.get("GONGHUI_SMS_SIGN", "智慧工会")
# Codes sent per client address an hour, over all numbers (0 = no limit): plenty for a workplace
# behind one address, too few to text a list of numbers.
GONGHUI_SMS_SENDS_PER_IP_HOUR = int(os.environ.get("GONGHUI_SMS_SENDS_PER_IP_HOUR", "30"))

# The reverse proxies in front of gunicorn (nginx), comma-separated IP addresses: from them the
# client's address is taken from X-Forwarded-For (gonghui.core.middleware.client_address), or
# every client would share the proxy's address and one allowance of every per-IP limit.
GONGHUI_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("GONGHUI_TRUSTED_PROXIES", "").split(",") if a.strip()
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}

# Map tiles for the portal's site map (an XYZ URL such as an intranet 天地图 mirror). Empty: no
# tiles — the map still shows the sites over the Gansu outline shipped with the project.
GONGHUI_MAP_TILE_URL = os.environ.get("GONGHUI_MAP_TILE_URL", "")
# The portal's public address (e.g. https://ghf.example.cn) for the QR codes printed on posters and
# shown on e-cards, when the server sits behind a proxy; empty: the address the request came to.
GONGHUI_PORTAL_BASE_URL = os.environ.get("GONGHUI_PORTAL_BASE_URL", "")

# E-mail (the notification digest, `manage.py notifications_digest`): the console backend by
# default, so nothing leaves the machine until a real one is configured (e.g.
# GONGHUI_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST ...).
EMAIL_BACKEND = os.environ.get(
    "GONGHUI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("GONGHUI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GONGHUI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGHUI_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGHUI_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("GONGHUI_EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("GONGHUI_DEFAULT_FROM_EMAIL", "noreply@gonghui.local")
# The address the digest's links start with (e.g. https://gh.example.cn); empty: bare paths.
GONGHUI_SITE_URL = os.environ.get("GONGHUI_SITE_URL", "")
# An SMS hook for the digest: the dotted path of a callable `send(user, text)`; empty: no SMS.
# Not enabled by default (SMS costs money and the text must fit the provider's template).
GONGHUI_DIGEST_SMS = os.environ.get("GONGHUI_DIGEST_SMS", "")

# 全国联网 (gonghui/national, docs/scale.md "The nation"): this province's GB/T 2260 code, and its
# peers in the exchange of cross-province transfers: "63=https://qh.example/national/exchange/|<64
# hex: the pair's shared key>;…" (a key file readable by the service only is the place for it).
NATIONAL_PROVINCE_CODE = os.environ.get("GONGHUI_PROVINCE_CODE", "62")
NATIONAL_PEERS = os.environ.get("GONGHUI_NATIONAL_PEERS", "")
