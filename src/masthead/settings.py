"""Masthead's settings, in one place, read from the environment.

The defaults describe the embedded newsroom: SQLite and uploaded files under
``var/``, a database-backed task queue, no outside services. Production and
scale-out change only environment variables (see ``.env.example``).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from masthead.accounts.relying_party import relying_party
from masthead.core.file_types import AUDIO_EXTENSIONS, OFFICE_EXTENSIONS, VIDEO_EXTENSIONS

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("MASTHEAD_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("MASTHEAD_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("MASTHEAD_PRODUCTION", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when MASTHEAD_PRODUCTION is on.")
    # Development only: a key that stays the same between runs of one checkout.
    SECRET_KEY = "masthead-development-key-not-for-production-" + str(BASE_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "masthead.core",
    "masthead.accounts",
    "masthead.news",
    "masthead.comments",
    "masthead.newsletters",
    "masthead.discovery",
    "masthead.distribution",
    "masthead.caching",
    "masthead.importers",
    "masthead.demo",
    "masthead.operations",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.typed_table_block",
    # "Translate" in the page tree (editions); it shows only where a second
    # Locale exists, so a one-language site's admin looks as before.
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # The RQ task backend's worker command (rqworker); no tables of its own.
    "django_rq",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Staff sign-in throttling, see AXES_* below.
    "axes",
    # Two-step sign-in for staff (masthead.accounts.second_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Passkeys as a second factor beside the app (masthead.accounts.passkeys).
    "django_otp_webauthn",
]

MIDDLEWARE = [
    # First, to time every request and see the response as the client gets it.
    "masthead.operations.middleware.RequestLogMiddleware",
    "masthead.operations.middleware.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so that cached pages get the policies too.
    "masthead.core.headers.SecurityHeadersMiddleware",
    # Pages shrink to a quarter; Django's GZip adds random padding against BREACH
    # and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous readers: a hit skips everything below.
    "masthead.caching.middleware.PageCacheMiddleware",
    # A designed 503 when the database is down; it must wrap sessions and auth.
    "masthead.operations.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The edition's language from the address alone (editions on only; a
    # one-language site passes through untouched), see masthead.core.editions.
    "masthead.core.editions.EditionLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor, if any, this session has passed; then the admin stays
    # shut until it has (masthead.accounts.middleware).
    "django_otp.middleware.OTPMiddleware",
    "masthead.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "masthead.importers.middleware.WordPressLinksMiddleware",
    # Last, as django-axes asks: turns a paused sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.news.navigation.site_navigation",
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL names another.
DEFAULT_SQLITE_PATH = VAR_DIR / "masthead.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the worker writes; IMMEDIATE transactions
    # make concurrent writers wait for the lock instead of failing mid-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process: the page cache, rate limits and the like
# must agree between app server workers and the background worker. On one
# machine, diskcache under var/cache (SQLite indexes with the larger values in
# files, safe for several processes): a write costs the same at any size, and
# past MASTHEAD_CACHE_SIZE_MB the least recently stored entries go first.
# Redis when REDIS_URL is set (several machines).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "masthead"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "masthead.caching.embedded.EmbeddedCache",
            "LOCATION": os.environ.get("MASTHEAD_CACHE_DIR", str(VAR_DIR / "cache")),
            # Each shard is one SQLite file; a writer locks only its own shard.
            "SHARDS": 8,
            # How long a read waits for a busy shard before counting a miss
            # (writes wait and retry).
            "DATABASE_TIMEOUT": 0.05,
            "OPTIONS": {
                "size_limit": int(os.environ.get("MASTHEAD_CACHE_SIZE_MB", "1024")) * 2**20,
            },
        }
    }

# The page cache (masthead.caching): on unless MASTHEAD_PAGE_CACHE=0. Pages are
# kept at most this long; any change that shows on them drops them at once.
MASTHEAD_PAGE_CACHE = env_bool("MASTHEAD_PAGE_CACHE", True)
MASTHEAD_PAGE_CACHE_SECONDS = int(os.environ.get("MASTHEAD_PAGE_CACHE_SECONDS", str(12 * 3600)))
# A shared cache in front (the shipped nginx configuration, Varnish) that takes
# HTTP PURGE requests: Masthead purges what a change makes stale.
MASTHEAD_FRONTEND_CACHE_URL = os.environ.get("MASTHEAD_FRONTEND_CACHE_URL", "").strip()
if MASTHEAD_FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "masthead.caching.frontend.EncodingAwareHTTPBackend",
            "LOCATION": MASTHEAD_FRONTEND_CACHE_URL,
        }
    }

# Background tasks: rows in the site's database by default; with REDIS_URL set,
# RQ queues in Redis, run by `masthead worker` on any number of machines.
# TASKS_BACKEND overrides the choice. See docs/deployment.md.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or (
    "django_tasks_rq.RQBackend" if REDIS_URL else "django_tasks_db.DatabaseBackend"
)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
# How long a task may run before it is presumed lost: the database queue then
# runs it again, RQ kills it (and runs it again if its worker had died). Sooner
# when its worker was on this machine and is gone. See masthead.core.task_recovery.
MASTHEAD_TASK_LEASE_SECONDS = int(os.environ.get("MASTHEAD_TASK_LEASE_SECONDS", "600"))
if REDIS_URL:
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": MASTHEAD_TASK_LEASE_SECONDS}}
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# Staff sign-in throttling (django-axes, see masthead.accounts.logins and docs/security.md):
# after MASTHEAD_LOGIN_FAILURE_LIMIT wrong passwords for one account from one
# address, that account cannot sign in from that address, even with the right
# password, until MASTHEAD_LOGIN_COOLOFF_MINUTES pass without another attempt.
# Addresses are REMOTE_ADDR unless it is one of MASTHEAD_TRUSTED_PROXIES (the
# shipped nginx on the same machine: 127.0.0.1,::1), whose X-Forwarded-For is
# then read. `masthead axes_reset` lifts every pause.
MASTHEAD_LOGIN_FAILURE_LIMIT = int(os.environ.get("MASTHEAD_LOGIN_FAILURE_LIMIT", "5"))
MASTHEAD_LOGIN_COOLOFF_MINUTES = int(os.environ.get("MASTHEAD_LOGIN_COOLOFF_MINUTES", "15"))
if MASTHEAD_LOGIN_FAILURE_LIMIT < 1 or MASTHEAD_LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured(
        "MASTHEAD_LOGIN_FAILURE_LIMIT and MASTHEAD_LOGIN_COOLOFF_MINUTES must be 1 or more."
    )
MASTHEAD_TRUSTED_PROXIES = env_list("MASTHEAD_TRUSTED_PROXIES")
for _proxy in MASTHEAD_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"MASTHEAD_TRUSTED_PROXIES: {_proxy!r} is not an address or network."
        ) from None
AUTHENTICATION_BACKENDS = [
    # Refuses paused accounts before any password is checked; signs nobody in.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = MASTHEAD_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=MASTHEAD_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "masthead.core.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "masthead.accounts.logins.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Two-step sign-in (masthead.accounts.second_factor): authenticator apps list
# the account under the site's name. Whether it is required is the
# administrators' choice in the admin (Settings › Staff sign-in), not a setting.
OTP_TOTP_ISSUER = os.environ.get("MASTHEAD_SITE_NAME", "Masthead")
# The audit trail: successful sign-ins and sign-outs (on by default) and every failure.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Per-address limits on reader requests the page cache cannot answer (see
# masthead.core.reader_limits and docs/configuration.md): searches (the page and
# its feed) and other uncached reader pages (oEmbed, embed cards, newsletter
# pages), each per MASTHEAD_READER_LIMIT_SECONDS; 0 turns one off. Pages served
# from the page cache are not counted; signed-in staff are never limited.
MASTHEAD_SEARCH_LIMIT = int(os.environ.get("MASTHEAD_SEARCH_LIMIT", "60"))
MASTHEAD_READER_LIMIT = int(os.environ.get("MASTHEAD_READER_LIMIT", "120"))
MASTHEAD_READER_LIMIT_SECONDS = int(os.environ.get("MASTHEAD_READER_LIMIT_SECONDS", "60"))
if MASTHEAD_SEARCH_LIMIT < 0 or MASTHEAD_READER_LIMIT < 0 or MASTHEAD_READER_LIMIT_SECONDS < 1:
    raise ImproperlyConfigured(
        "MASTHEAD_SEARCH_LIMIT and MASTHEAD_READER_LIMIT must be 0 (no limit) or more, "
        "MASTHEAD_READER_LIMIT_SECONDS 1 or more."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en-us")
# Editions (masthead.core.editions, docs/editions.md): MASTHEAD_LANGUAGES=en,hy
# turns on Wagtail's i18n with one home page tree per language; the first is
# the default, whose pages keep their unprefixed addresses, the others live
# under /<code>/. One code, or none, is a one-language site: nothing changes.
from masthead.core.editions import configured_languages, language_name  # noqa: E402

MASTHEAD_LANGUAGES = configured_languages(os.environ.get("MASTHEAD_LANGUAGES", ""))
if len(MASTHEAD_LANGUAGES) > 1:
    try:
        LANGUAGES = [(code, language_name(code)) for code in MASTHEAD_LANGUAGES]
    except ValueError as error:
        raise ImproperlyConfigured(f"MASTHEAD_LANGUAGES: {error}") from None
    LANGUAGE_CODE = MASTHEAD_LANGUAGES[0]
    WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
# The site's own words (templates, forms, notices) in every language with a
# catalogue here (hy, ru; English is the source); dates and numbers as each
# language writes them (masthead/formats). See docs/editions.md.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["masthead.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded media: files under MEDIA_ROOT on one machine; an S3-compatible bucket
# (MEDIA_STORAGE=s3, or AWS_STORAGE_BUCKET_NAME set) when several app servers
# must see the same files. Credentials come from the environment only (boto3 also
# finds AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY itself, or an instance role).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "").strip().lower() or (
    "s3" if os.environ.get("AWS_STORAGE_BUCKET_NAME") else "filesystem"
)
# Where pictures may come from besides this site, for the Content-Security-Policy
# (masthead.core.headers): a CDN or the bucket's own address.
MASTHEAD_IMAGE_ORIGINS = env_list("MASTHEAD_IMAGE_ORIGINS")
if MEDIA_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_STORAGE == "s3":
    S3_OPTION_VARIABLES = {
        "bucket_name": "AWS_STORAGE_BUCKET_NAME",
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
        "custom_domain": "AWS_S3_CUSTOM_DOMAIN",
    }
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            option: os.environ[variable]
            for option, variable in S3_OPTION_VARIABLES.items()
            if os.environ.get(variable)
        }
        | {
            # Two uploads called photo.jpg must not overwrite each other.
            "file_overwrite": False,
            # Plain public URLs: signed ones expire, and cached pages outlive them.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        },
    }
    if not MASTHEAD_IMAGE_ORIGINS:
        bucket_origin = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or os.environ.get(
            "AWS_S3_ENDPOINT_URL", "https://*.amazonaws.com"
        )
        MASTHEAD_IMAGE_ORIGINS = [
            bucket_origin if "://" in bucket_origin else f"https://{bucket_origin}"
        ]
    if "bucket_name" not in MEDIA_STORAGE_BACKEND["OPTIONS"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("MASTHEAD_SITE_NAME", "Masthead")
WAGTAILADMIN_BASE_URL = os.environ.get("MASTHEAD_BASE_URL", "http://127.0.0.1:8000")
# Passkeys (WebAuthn, see masthead.accounts.passkeys and docs/security.md) belong
# to the domain of MASTHEAD_BASE_URL and work only at its origin; in development
# (127.0.0.1) that is http://localhost at the same port. Only as a second factor:
# a passkey alone never signs anyone in.
OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS = relying_party(WAGTAILADMIN_BASE_URL)
OTP_WEBAUTHN_RP_NAME = WAGTAIL_SITE_NAME
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "masthead.accounts.passkeys.PasskeyHelper"
# The library would log each refused credential at ERROR, with its traceback;
# masthead.accounts.passkeys logs a refusal as a WARNING, like a wrong code.
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = None
if not OTP_WEBAUTHN_RP_ID:
    # A site on plain HTTP or on an IP address: the pages offer no passkeys
    # (masthead.accounts.passkeys.available), so the missing party is no error.
    SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E010", "otp_webauthn.E030"]
WAGTAILIMAGES_IMAGE_MODEL = "core.NewsImage"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp", "avif": "avif"}
from masthead.discovery.search_backends import search_backends  # noqa: E402 - models-free

# The database's full-text search unless MASTHEAD_SEARCH_URL names Elasticsearch/OpenSearch.
WAGTAILSEARCH_BACKENDS = search_backends(os.environ)
# ASCII slugs survive copy-paste, email clients and social networks; headlines
# in other scripts are transliterated (see masthead.news.slugs).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# On with editions (MASTHEAD_LANGUAGES names two or more languages, above).
WAGTAIL_I18N_ENABLED = len(MASTHEAD_LANGUAGES) > 1
if WAGTAIL_I18N_ENABLED:
    # The admin's Settings › Locales; a one-language site shows no such menu.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.admin"), "wagtail.locales")
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "document-link", "ol", "ul"]},
    }
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No staff e-mail hashes sent to Gravatar (over plain http, too): Wagtail's own avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Office files, and the audio and video the body's "Audio or video" block plays.
WAGTAILDOCS_EXTENSIONS = [*OFFICE_EXTENSIONS, *AUDIO_EXTENSIONS, *VIDEO_EXTENSIONS]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security: safe defaults everywhere, strict ones in production.
SESSION_COOKIE_HTTPONLY = True
# No script needs the CSRF cookie: Django's forms print the token, and Wagtail's
# admin scripts read it from the page (wagtailConfig.CSRF_TOKEN). Django's docs
# rightly say HttpOnly adds little here; every scan flags its absence all the same.
CSRF_COOKIE_HTTPONLY = True
# Wagtail marks its preview views SAMEORIGIN itself; everything else is never framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Probes and scrapers talk to the app server directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Logs go to stderr: readable text by default, one JSON object per line with
# LOG_FORMAT=json (for log collectors). Every request logs one line of its own
# (logger masthead.requests, see docs/operations.md).
LOG_FORMAT = "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    },
    "filters": {"request_id": {"()": "masthead.operations.requestid.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log replaces runserver's access log and Django's 4xx warnings;
        # Django still logs server errors, with their tracebacks.
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page action at INFO; the audit log keeps them anyway.
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        # django-axes logs each step at INFO; failed sign-ins and pauses are WARNINGs
        # (account and address masked; the database keeps them, see docs/security.md).
        "axes": {"level": "WARNING"},
    },
}

# Prometheus metrics at /metrics (masthead.operations): off unless MASTHEAD_METRICS=1,
# then only for these addresses or networks, or a client sending the bearer token.
MASTHEAD_METRICS = env_bool("MASTHEAD_METRICS", False)
MASTHEAD_METRICS_ALLOW = env_list("MASTHEAD_METRICS_ALLOW", "127.0.0.1,::1")
MASTHEAD_METRICS_TOKEN = os.environ.get("MASTHEAD_METRICS_TOKEN", "").strip()

# Distribution (masthead.distribution): who is told when a story is published.
# Both are off until configured; see docs/distribution.md.
MASTHEAD_WEBSUB_HUBS = env_list("MASTHEAD_WEBSUB_HUBS")
MASTHEAD_INDEXNOW_KEY = os.environ.get("MASTHEAD_INDEXNOW_KEY", "").strip()
MASTHEAD_INDEXNOW_ENDPOINTS = env_list(
    "MASTHEAD_INDEXNOW_ENDPOINTS",
    "https://api.indexnow.org/indexnow" if MASTHEAD_INDEXNOW_KEY else "",
)

# Newsletters (masthead.newsletters) ------------------------------------------
# Delivery goes through EMAIL_BACKEND: SMTP (EMAIL_HOST…) or an e-mail provider
# through django-anymail, e.g. EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend
# with ANYMAIL_MAILGUN_API_KEY=…; every ANYMAIL_* variable becomes a key of ANYMAIL.
# ANYMAIL_WEBHOOK_SECRET ("user:password") turns on the bounce/complaint webhooks.
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_SEND_RATE = float(os.environ.get("NEWSLETTER_SEND_RATE", "0"))  # per second; 0: no cap
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "200"))
NEWSLETTER_SEND_LEASE_SECONDS = int(os.environ.get("NEWSLETTER_SEND_LEASE_SECONDS", "120"))
NEWSLETTER_CONFIRMATION_DAYS = int(os.environ.get("NEWSLETTER_CONFIRMATION_DAYS", "7"))
NEWSLETTER_CONFIRMATION_INTERVAL = int(os.environ.get("NEWSLETTER_CONFIRMATION_INTERVAL", "600"))
NEWSLETTER_CONFIRMATIONS_PER_DAY = int(os.environ.get("NEWSLETTER_CONFIRMATIONS_PER_DAY", "5"))
NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = int(os.environ.get("NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR", "20"))
NEWSLETTER_DIGEST_MAX_STORIES = int(os.environ.get("NEWSLETTER_DIGEST_MAX_STORIES", "20"))
NEWSLETTER_BREAKING_WINDOW_HOURS = int(os.environ.get("NEWSLETTER_BREAKING_WINDOW_HOURS", "6"))
