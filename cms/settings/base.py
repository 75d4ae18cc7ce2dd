"""
Settings shared by every environment.

The database and cache come from the environment (``DATABASE_URL``, ``REDIS_URL``)
so that one settings module serves SQLite on a laptop and PostgreSQL in CI and
production. ``dev``, ``test`` and ``production`` adjust only what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cms import databases

from .object_storage import media_s3

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "cms.core",
    "cms.api",
    "home",
    "initiatives",
    "reports",
    "industries",
    "indicators",  # Progress Points series: indicators, geographies, observations
    "search",
    "newsletter",
    "publishing",
    "checks",  # content checks; before wagtail.admin, whose Checks panel it extends
    "demo",  # the demo site and `manage.py load_demo_content`; no models
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "ninja",  # its Swagger UI templates and static files, for /api/v3/docs/
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    # Outermost: every answer and every log line written while it is built has the id.
    "cms.request_id.RequestIdMiddleware",
    # Next, so the API's cached answers keep every header the rest of the stack sets.
    "cms.api.cache.ApiCacheStoreMiddleware",
    "cms.resilience.DatabaseOutageMiddleware",
    # Media storage unreachable or refusing: a clear answer, not a 500 (cms/storage/).
    "cms.storage.outage.StorageOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Django's own Content-Security-Policy, with the API's stricter policies by path.
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.middleware.ApiHeadMiddleware",
    "cms.middleware.ApiInputGuardMiddleware",
    "cms.middleware.ApiCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite by default (zero set-up); DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The server, the task worker and the scheduler write to the one file at once:
    # take the write lock when a transaction starts (a transaction that reads first
    # and writes later cannot then fail with "database is locked"), wait for it rather
    # than fail, and let readers go on while one process writes (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# --- Read replicas and connection pooling (cms/databases.py, cms/db_router.py) -------------
# DATABASE_REPLICA_URL (one or more, comma-separated) adds the aliases replica, replica_2…,
# which the public API's anonymous reads use; DATABASE_POOL_MAX_SIZE pools connections.
DATABASES.update(databases.replicas(os.environ, DATABASES["default"]))
databases.pool(DATABASES, os.environ)
databases.prepared_statements(DATABASES, os.environ)
if databases.replica_aliases(DATABASES):
    DATABASE_ROUTERS = ["cms.db_router.PrimaryReplicaRouter"]
    # Just inside the request id, so a request it runs again on the primary keeps its id.
    _after = MIDDLEWARE.index("cms.request_id.RequestIdMiddleware") + 1
    MIDDLEWARE.insert(_after, "cms.db_router.ReplicaReadsMiddleware")
# Seconds a replica that failed is left alone (reads go to the primary meanwhile).
DATABASE_REPLICA_RETRY_AFTER = float(os.environ.get("DATABASE_REPLICA_RETRY_AFTER", "5"))
# --- end: read replicas and connection pooling ----------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Outages degrade, never fail (cms/resilience.py, cms/redis_cache.py, cms/health.py):
# with the database down, answers are 503 with Retry-After of this many seconds.
OUTAGE_RETRY_AFTER = int(os.environ.get("OUTAGE_RETRY_AFTER", "30"))

# Redis when REDIS_URL is set (shared by every worker), per-process memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Resilience (cms/redis_cache.py): while Redis is unreachable every read is a miss and
# the site answers from the database, uncached; the process retries every
# RETRY_AFTER seconds, logs the outage once a minute, and on recovery removes what
# its failed writes left stale. Short socket timeouts keep a Redis that does not
# answer from holding a request for redis-py's default 5 s.
REDIS_OPTIONS = {
    "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
    "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
    "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER", "5")),
    "LOG_INTERVAL": 60,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mha"),
            "OPTIONS": REDIS_OPTIONS,
        }
    }
else:
    # Without Redis (development, bin/run), files the server, the task worker and the
    # scheduler all see: a change one of them makes (a scheduled publish, a PDF's text
    # reaching the search index) must make stale what the server cached. Production
    # requires Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache" / "django")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Admin log-in throttling (django-axes, cms/login_throttle.py): 5 wrong passwords for a
# username from one address lock that pair out for 15 minutes, the right password
# included; a success resets the count. Unlock: manage.py axes_reset_username NAME.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.login_throttle.client_address"
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Record failures only: one access-log row per successful admin log-in is not needed.
AXES_DISABLE_ACCESS_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the source language, Spanish its translation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"  # None in the test settings
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background tasks (django-tasks): queued in the database and run by the worker
# process (`manage.py db_worker`), so publishing, uploads and sign-ups never wait on
# a webhook receiver, a PDF or a mail server. TASKS_BACKEND=immediate runs each task
# inside the request instead (no worker needed; for quick experiments only).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[os.environ.get("TASKS_BACKEND", "database")]}}

# Publish webhooks: seconds to wait for a receiver before counting the attempt failed.
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))

# Content checks (checks/): the nightly run starts at this hour (local time); a page is
# "not reviewed" after this many days without a publish or a "Mark reviewed".
CONTENT_CHECKS_NIGHTLY_HOUR = int(os.environ.get("CONTENT_CHECKS_NIGHTLY_HOUR", "2"))
CONTENT_CHECKS_REVIEW_DAYS = int(os.environ.get("CONTENT_CHECKS_REVIEW_DAYS", "365"))
# The external link check asks other sites, so it is off unless turned on ("on"); then
# each request waits at most LINK_TIMEOUT seconds, one host is asked at most once per
# LINK_HOST_INTERVAL seconds, and a timeout, 429 or 5xx is tried LINK_RETRIES more times.
CONTENT_CHECKS_EXTERNAL_LINKS = os.environ.get("CONTENT_CHECKS_EXTERNAL_LINKS", "off")
CONTENT_CHECKS_LINK_TIMEOUT = float(os.environ.get("CONTENT_CHECKS_LINK_TIMEOUT", "10"))
CONTENT_CHECKS_LINK_HOST_INTERVAL = float(os.environ.get("CONTENT_CHECKS_LINK_HOST_INTERVAL", "1"))
CONTENT_CHECKS_LINK_RETRIES = int(os.environ.get("CONTENT_CHECKS_LINK_RETRIES", "2"))
# Only these hosts are asked (comma-separated); empty: any public address, never a
# private, loopback or link-local one.
CONTENT_CHECKS_LINK_HOSTS = [
    host.strip().lower()
    for host in os.environ.get("CONTENT_CHECKS_LINK_HOSTS", "").split(",")
    if host.strip()
]
# GET /api/v3/checks/ (the front end's CI) needs this bearer token; unset, it answers 403.
CONTENT_CHECKS_API_TOKEN = os.environ.get("CONTENT_CHECKS_API_TOKEN", "")

# Complex page models exceed Django's default of 1,000 form fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "MetroHartford Alliance"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")


def search_backends(environ=os.environ) -> dict:
    """
    Wagtail's search backend (the admin's search, the pages endpoint's ``?search=``).
    The database by default; for large deployments ``SEARCH_BACKEND`` names a cluster
    (elasticsearch7/8/9, opensearch2/3; install its Python client) at ``SEARCH_URL``.
    The site search (/api/v3/search/, the ``search`` app) keeps its own index in the
    database whatever this says.
    """

    name = environ.get("SEARCH_BACKEND", "database").strip().lower() or "database"
    clusters = {"elasticsearch7", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"}
    if name == "database":
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
    if name not in clusters:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={name!r}: use database or one of {', '.join(sorted(clusters))}."
        )
    urls = [url.strip() for url in environ.get("SEARCH_URL", "").split(",") if url.strip()]
    if not urls:
        raise ImproperlyConfigured(f"SEARCH_BACKEND={name} needs SEARCH_URL (comma-separated).")
    return {
        "default": {
            "BACKEND": f"wagtail.search.backends.{name}",
            "URLS": urls,
            "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "mha_"),
            "TIMEOUT": int(environ.get("SEARCH_TIMEOUT", "10")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }


WAGTAILSEARCH_BACKENDS = search_backends()


def site_search(environ=os.environ) -> dict:
    """
    Where the site search (/api/v3/search/, the ``search`` app) answers from: its own
    index in the database (``database``, the default), or, for large deployments, an
    OpenSearch cluster (``opensearch``) at ``SITE_SEARCH_URL`` that the worker keeps in
    step with the database's index (``search.mirror``). ``SITE_SEARCH_FALLBACK=database``
    answers from the database while the cluster is down, instead of a 503.
    """
    engine = environ.get("SITE_SEARCH_ENGINE", "database").strip().lower() or "database"
    if engine not in ("database", "opensearch"):
        raise ImproperlyConfigured(f"SITE_SEARCH_ENGINE={engine!r}: use database or opensearch.")
    fallback = environ.get("SITE_SEARCH_FALLBACK", "").strip().lower()
    if fallback not in ("", "database"):
        raise ImproperlyConfigured(
            f"SITE_SEARCH_FALLBACK={fallback!r}: leave it empty or database."
        )
    urls = [url.strip() for url in environ.get("SITE_SEARCH_URL", "").split(",") if url.strip()]
    if engine == "opensearch" and not urls:
        raise ImproperlyConfigured("SITE_SEARCH_ENGINE=opensearch needs SITE_SEARCH_URL.")
    return {
        "ENGINE": engine,
        "URLS": urls,
        "INDEX_PREFIX": environ.get("SITE_SEARCH_INDEX_PREFIX", "mha_site").strip() or "mha_site",
        "TIMEOUT": float(environ.get("SITE_SEARCH_TIMEOUT", "5")),
        "USER": environ.get("SITE_SEARCH_USER", ""),
        "PASSWORD": environ.get("SITE_SEARCH_PASSWORD", ""),
        "FALLBACK": fallback,
    }


SITE_SEARCH = site_search()
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "zip"]
# Uploads: Wagtail's own form fields enforce these in every admin upload view (single,
# multiple, chooser); a proxy in front should allow request bodies a little larger.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# --- Security: private documents (security helper) ---------------------------------------
# Every document goes through Wagtail's view (/documents/<id>/<filename>), which checks
# its collection's view restriction (log-in, password, groups) before sending a byte;
# never a redirect or a link to the file's storage URL, which anyone could reuse.
# MEDIA_ROOT/documents/ is never served from a public path (cms/media.py, README).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Only these open in the browser; everything else (HTML, SVG, office files…) is sent
# as an attachment, with X-Content-Type-Options: nosniff and a CSP of default-src 'none'.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# --- end: private documents -----------------------------------------------------------------

# --- Object storage for media (storage helper) ------------------------------------------
# Off unless MEDIA_S3_BUCKET is set: uploads stay in MEDIA_ROOT. On, they go to an S3
# bucket every host shares (cms/storage/): originals and documents private (signed,
# expiring URLs; documents only through the view above), renditions public under
# images/, by plain URL on the bucket's endpoint or MEDIA_S3_CUSTOM_DOMAIN
# (cms/settings/object_storage.py reads the MEDIA_S3_* variables).
_media_s3_storages, MEDIA_S3_ORIGINS = media_s3(os.environ)
STORAGES.update(_media_s3_storages)
# Renditions in STORAGES["renditions"] when it is set, else with the originals.
WAGTAILIMAGES_RENDITION_STORAGE = "cms.storage.rendition_storage"
if _media_s3_storages and env_bool("MEDIA_S3_DOCUMENT_REDIRECT"):
    # After the view's checks, a redirect to a signed URL of the file (valid for
    # MEDIA_S3_SIGNED_URL_EXPIRY seconds), so large files do not pass through gunicorn.
    WAGTAILDOCS_SERVE_METHOD = "redirect"
# --- end: object storage ------------------------------------------------------------------
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif", "svg"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# 50 megapixels (a 48 MP phone photo fits), no side over 12,000 pixels (cms/uploads.py);
# a file declaring more (a decompression bomb) is refused with a form error.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILIMAGES_MAX_IMAGE_SIDE = 12_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.uploads.ImageForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No Gravatar: the admin would send a hash of every editor's e-mail address to a third
# party (and the admin's Content-Security-Policy loads images from this host only);
# editors get Wagtail's default avatar or the one they upload.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# A page submitted for translation starts as a draft in Spanish, whatever the English
# page's status: wagtail-localize would otherwise publish an untranslated copy at once,
# before anyone translated it or a moderator approved it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation in the translation editor: off unless a DeepL key is provided.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = (
    {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_AUTH_KEY"], "FORMALITY": "default"},
    }
    if os.environ.get("DEEPL_AUTH_KEY")
    else None
)

# The separate public front end, used for CORS and (later) previews.
FRONTEND_URL = os.environ.get("FRONTEND_URL", "http://127.0.0.1:3000").rstrip("/")
# Page paths on this host (/, /es/…, /favicon.ico) redirect here, to the same path and
# query, or answer a small 404 when empty (cms/headless.py).
HEADLESS_REDIRECT_URL = FRONTEND_URL
# The front end's route that receives a preview token (Next.js draft mode, for example).
FRONTEND_PREVIEW_PATH = os.environ.get("FRONTEND_PREVIEW_PATH", "/api/preview")
PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", "3600"))
# What answers the editor's preview of any page (the page types in cms.core know
# nothing of the API that stores the draft for the front end).
PREVIEW_RESPONSE = "cms.api.preview.preview_response"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", FRONTEND_URL)
# A secret shared with the front end's server: with it, the front end may say which
# visitor a newsletter sign-up comes from, for the per-visitor rate limit (empty: off).
FRONTEND_API_TOKEN = os.environ.get("FRONTEND_API_TOKEN", "").strip()
# Wagtail's API v3 write and management endpoints (page writes and actions, snippets,
# sites, redirects, images, documents, whoami, schema): off the public API unless on,
# and then only with a bearer token (cms/api/wagtail_v3.py).
API_WRITE_ENDPOINTS = env_bool("API_WRITE_ENDPOINTS", False)
# Content-Security-Policy (Django's built-in middleware; cms.middleware picks the
# policy by path). The admin: Wagtail's own scripts and styles, and its inline ones
# (panels, date pickers and chooser modals still render inline <script> and style=""),
# images from this host (and MEDIA_URL's, or the media bucket's), the front end framed
# in the preview panel, and Wagtail's release check. No plug-ins, no <base>, no form
# posted elsewhere, never framed by another site.
_media_origin = [MEDIA_URL.rstrip("/")] if MEDIA_URL.startswith("http") else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *_media_origin, *MEDIA_S3_ORIGINS],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF, "https://releases.wagtail.org"],
    "frame-src": [CSP.SELF, FRONTEND_URL],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Every API answer (JSON, problems) loads nothing and is framed by nothing.
API_CSP = {"default-src": [CSP.NONE], "frame-ancestors": [CSP.NONE]}
# The API's Swagger UI (/api/v3/docs/): its own bundled script, no inline script.
API_DOCS_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]
CORS_EXPOSE_HEADERS = ["ETag", "X-Cache"]

# The licence the data downloads (indicators' series, report tables and figures ZIPs)
# state (indicators/downloads.py): an SPDX id or name, and where its text is.
DATA_DOWNLOAD_LICENSE = {
    "name": os.environ.get("DATA_LICENSE_NAME", "CC-BY-4.0"),
    "title": os.environ.get("DATA_LICENSE_TITLE", "Creative Commons Attribution 4.0"),
    "path": os.environ.get("DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}

# The content API's HTTP caching (cms/api/cache.py): what CDNs and browsers are told,
# and how long the server keeps a response it has built.
API_CACHE = {
    "ENABLED": env_bool("API_CACHE_ENABLED", True),
    "TIMEOUT": int(os.environ.get("API_CACHE_TIMEOUT", "3600")),
    "MAX_AGE": int(os.environ.get("API_CACHE_MAX_AGE", "60")),
    "S_MAXAGE": int(os.environ.get("API_CACHE_S_MAXAGE", "300")),
    "STALE_WHILE_REVALIDATE": int(os.environ.get("API_CACHE_STALE_WHILE_REVALIDATE", "600")),
    # Answers each process keeps in memory in front of Redis (cms/api/near_cache.py).
    "NEAR_BYTES": int(float(os.environ.get("API_NEAR_CACHE_MB", "32")) * 1024 * 1024),
}


# --- CDN in front of the API: cache tags on answers, purged on change ---------------------
# (cms/api/cdn.py, publishing/purges.py, publishing/purgers/). Off unless
# CDN_PURGE_BACKENDS names one or more purgers; each needs its own variables.
def cdn_purgers(environ=os.environ) -> dict:
    """The purgers ``CDN_PURGE_BACKENDS`` names, each with its options from the environment."""
    needs = {
        "varnish": {"LOCATIONS": "CDN_VARNISH_URLS"},
        "cloudflare": {"ZONE_ID": "CDN_CLOUDFLARE_ZONE_ID", "TOKEN": "CDN_CLOUDFLARE_TOKEN"},
        "cloudfront": {"DISTRIBUTION_ID": "CDN_CLOUDFRONT_DISTRIBUTION_ID"},
        "fastly": {"SERVICE_ID": "CDN_FASTLY_SERVICE_ID", "TOKEN": "CDN_FASTLY_TOKEN"},
    }
    endpoints = {
        "cloudflare": ("API_URL", "CDN_CLOUDFLARE_API_URL"),
        "cloudfront": ("ENDPOINT_URL", "CDN_CLOUDFRONT_ENDPOINT_URL"),
        "fastly": ("API_URL", "CDN_FASTLY_API_URL"),
    }
    purgers = {}
    names = environ.get("CDN_PURGE_BACKENDS", "").split(",")
    for name in [name.strip().lower() for name in names if name.strip()]:
        if name not in needs:
            raise ImproperlyConfigured(
                f"CDN_PURGE_BACKENDS: {name!r} is not one of {', '.join(needs)}."
            )
        options: dict = {"BACKEND": f"publishing.purgers.{name}.Purger"}
        for option, variable in needs[name].items():
            value = environ.get(variable, "").strip()
            if not value:
                raise ImproperlyConfigured(f"CDN_PURGE_BACKENDS={name} needs {variable}.")
            options[option] = (
                [url.strip() for url in value.split(",") if url.strip()]
                if option == "LOCATIONS"
                else value
            )
        if name in endpoints and environ.get(endpoints[name][1]):
            options[endpoints[name][0]] = environ[endpoints[name][1]].rstrip("/")
        purgers[name] = options
    return purgers


CDN_PURGERS = cdn_purgers()
# The header each purger reads its tags from (CloudFront purges paths only).
_CDN_TAG_HEADER_OF = {"varnish": "xkey", "cloudflare": "Cache-Tag", "fastly": "Surrogate-Key"}
CDN = {
    # The answers' tags go in these headers: by default the ones the purgers read, or all
    # three when none is configured.
    "TAG_HEADERS": env_list("CDN_TAG_HEADERS")
    or [_CDN_TAG_HEADER_OF[name] for name in CDN_PURGERS if name in _CDN_TAG_HEADER_OF]
    or ["Cache-Tag", "Surrogate-Key", "xkey"],
    "TAG_HEADER_BYTES": int(os.environ.get("CDN_TAG_HEADER_BYTES", "2000")),
    # The CDN keeps answers a day when purges keep it fresh, else as long as s-maxage says.
    "MAX_AGE": (
        int(os.environ.get("CDN_MAX_AGE", "86400"))
        if CDN_PURGERS or "CDN_MAX_AGE" in os.environ
        else None
    ),
    # Where the API and the front end are reached through the CDN: purged URLs are there.
    "API_URL": os.environ.get("CDN_API_URL", WAGTAILADMIN_BASE_URL).rstrip("/"),
    "FRONTEND_URL": os.environ.get("CDN_FRONTEND_URL", FRONTEND_URL).rstrip("/"),
    "PURGE_TIMEOUT": float(os.environ.get("CDN_PURGE_TIMEOUT", "10")),
    # Each purge that succeeded is sent once more this many seconds later (0: never),
    # for an answer rebuilt from what the change had not yet reached (publishing.purges).
    "PURGE_REPEAT_SECONDS": float(os.environ.get("CDN_PURGE_REPEAT_SECONDS", "5")),
}
# --- end: CDN ------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "MetroHartford Alliance <no-reply@localhost>"
)
EMAIL_SUBJECT_PREFIX = "[MetroHartford Alliance] "

# LOG_FORMAT=json writes one JSON object per line (python-json-logger), for a log
# collector; each carries the request id of the answer it was written for.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT is 'text' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The immediate task backend logs every task it runs at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
