"""Settings for eventsite, read from the environment with safe local defaults.

Local use needs no configuration: SQLite and media live in ./var (ignored by git)
and a secret key is generated once into ./var/secret_key. Production
(DJANGO_ENV=production) refuses to start without a real SECRET_KEY.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import django_include_bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
# A checkout keeps templates/, static/, locale/ and fixtures/ at its top; the wheel carries them inside this package
# (setup.py maps them there), so an installed site needs no checkout.
_PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = _PACKAGE_DIR if (_PACKAGE_DIR / "templates").is_dir() else BASE_DIR
VAR_DIR = Path(os.environ.get("EVENTSITE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "local") == "production"


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if PRODUCTION and (len(key) < 50 or key.startswith("django-insecure")):
            raise ImproperlyConfigured("SECRET_KEY is too weak for production: use 50+ random characters.")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Before the admin: the content's per-language fields exist when the ModelAdmins are built.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks_db",
    "simple_history",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "corsheaders",
    "events",
    "speakers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer (caches, CommonMiddleware): every answer of the read-only URLs gets CORS.
    "corsheaders.middleware.CorsMiddleware",
    # OPTIONS and HEAD on the read-only URLs, and the API's JSON 405 (events/api/middleware.py).
    "events.api.middleware.ReadOnlyMethodsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Low, next to the views: it stores what a view answered, before the middleware above adds what depends on the
    # request (CORS, Vary, Content-Language, CSP); cached answers go back up through all of them (see the module).
    "eventsite.infra.pagecache.PageCacheMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "eventsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [RESOURCES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",  # the admin's rich text editor's import map
            ],
        },
    },
]

WSGI_APPLICATION = "eventsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'eventsite.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # Persistent connections are checked before reuse, so a database restart costs only in-flight requests.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves several threads/processes by queueing writers: every transaction takes the write lock when it
    # begins (IMMEDIATE) and waits up to `timeout` seconds for it, instead of failing with "database is locked" when
    # a read transaction later tries to write. WAL lets readers go on while one writer writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
        }
    )

# One cache shared by every process (web workers, task workers) through the database: rate limits count all
# attempts, whatever worker answers. Its table is created by `migrate` (see events.apps), not by a migration.
# Several machines on one PostgreSQL share it too. (Redis would also do: the rate limit only needs an atomic add.)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "eventsite_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # Rendered public pages and feeds (eventsite.infra.pagecache), keyed by the data version: in each process's
    # memory by default, the fastest; a shared backend (Redis) also works, as nothing in it is ever invalidated.
    "pages": {
        "BACKEND": "eventsite.infra.pagecache.MemoryStore",
        "LOCATION": "eventsite-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "1000"))},
    },
}

# Number of reverse proxies in front of the site that append to X-Forwarded-For; 0 means the header is ignored.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login rate limit: 5 failures for one username (from any address) lock that username for 15 minutes, and 5
# failures from one address (whatever the usernames) lock that address: guessing one account from many addresses
# and spraying one password over many accounts are both stopped.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
# The client address as the rest of the site sees it (honours PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "eventsite.infra.throttling.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its start-up banner is noise in production logs
AXES_LOCKOUT_TEMPLATE = "lockout.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
# Content in every language of LANGUAGES (django-modeltranslation: one column per language, registered in
# events/translation.py and speakers/translation.py); a field left empty in one language shows another's, in the
# order of LANGUAGES. A third language is one more entry above (then `makemigrations` for its columns) and a catalogue.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": MODELTRANSLATION_LANGUAGES}
MODELTRANSLATION_PREPOPULATE_LANGUAGE = LANGUAGE_CODE  # slugs are made from the default language's title
LOCALE_PATHS = [RESOURCES_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    RESOURCES_DIR / "static",
    # Bootstrap 5 CSS/JS from a wheel (no CDN); used as plain files, not as an app, so its base.html stays out.
    ("bootstrap", Path(django_include_bootstrap.__file__).parent / "static"),
]
# Absolute: pictures' URLs must not depend on the page they appear on (/fr/speakers/... included).
MEDIA_URL = "/media/"
# The upload folders of public pictures (speakers.Person.photo, events.Organisation.logo): the only part of
# MEDIA_ROOT ever served (rendered PDFs, draft previews included, live beside them). Checked against the models.
MEDIA_PUBLIC_FOLDERS = ("people/", "logos/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # MEDIA_STORAGE=s3 (with the s3 extra) keeps photos, logos and rendered PDFs in an S3-compatible bucket
    # shared by every web process and render worker; configure it with django-storages' AWS_* variables.
    "default": {"BACKEND": "storages.backends.s3.S3Storage"}
    if os.environ.get("MEDIA_STORAGE") == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Rendering: renders are queued in the database for `manage.py db_worker` (`./dev serve` starts one); a public
# download never renders, it serves the last good PDF or answers "being prepared".
TASKS = {
    "default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}
# E-mail: registrants' and organisers' messages are stored in an outbox and sent by the task worker, never in a
# request, and retried while the mail server is down. SMTP is configured from the environment with Django's
# names (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT),
# read into Django 6.1's MAILERS (the EMAIL_* settings themselves are deprecated). In production the server
# defaults to the machine's own (localhost:25); locally, without EMAIL_HOST, e-mails are written as files to
# var/mail, or printed with EMAIL_BACKEND=console.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eventsite <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if os.environ.get("EMAIL_HOST") or PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
            },
        }
    }
elif os.environ.get("EMAIL_BACKEND") == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

# The site's address as registrants reach it: e-mails are written by the worker, which has no request to ask.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Each render runs in a child process killed past SECONDS or MEMORY_MB (address space); content over the other
# limits is refused before rendering. The 2018 kit (the largest real one: 113,000 characters of HTML) takes
# about 3 s and 112 MB at its peak (pages shared with the render worker's fork server included).
DOCUMENT_RENDER_LIMITS = {
    name: int(os.environ.get(f"DOCUMENT_RENDER_{name}", default))
    for name, default in {
        "SECONDS": 60,
        "MEMORY_MB": 1024,
        "SESSIONS": 400,
        "CHILDREN": 100,
        "PEOPLE": 1500,
        "HTML_CHARS": 1_000_000,
    }.items()
}

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}

# Partners' sites read the public, read-only data from the browser (django-cors-headers): the API and the feeds
# (calendars, frab schedules, citations) only, never the admin, registration or pages. Open to every origin by
# default (public data, no credentials: no cookie is ever sent or honoured); CORS_ALLOWED_ORIGINS narrows it to a
# comma-separated list of origins ("https://partner.example,https://other.example").
CORS_URLS_REGEX = (
    r"^/api/v1/"
    r"|^/(?:[a-z]{2}/)?(?:events\.ics"
    r"|events/[-\w]+/(?:[-\w/]+\.ics|schedule\.(?:xml|json)|proceedings/cite\.(?:bib|json))"
    r"|publications/[-\w]+/cite\.(?:bib|json))$"
)
_cors_origins = env_list("CORS_ALLOWED_ORIGINS", "*")
CORS_ALLOW_ALL_ORIGINS = _cors_origins == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _cors_origins
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# Conditional requests (ETag / Last-Modified) from a partner's script, and the headers it may read back.
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-modified-since", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
# The API's rate limit per client address and process ("requests/seconds"; 0 turns it off): a runaway script is
# answered 429 with Retry-After, a partner polling every few seconds never is.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/60")

# Everything the site loads is its own: no inline script or style, no third-party origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # The nonce is sent only on pages that use it: the admin's rich text editor's import map (an inline script).
    "script-src": [CSP.SELF, CSP.NONCE],
    # The one <style> element the admin's rich text editor (Tiptap, in django-prose-editor 0.28) adds, by its hash;
    # a new version of the package that changes it is reported on the console by the browser tests.
    "style-src": [CSP.SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
