"""
Production: everything secret or host-specific comes from the environment, and the
process refuses to start when a required variable is missing.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL (the cache shared by all
workers).
Optional: NUM_PROXIES (proxies in front of gunicorn, default 1),
CSRF_TRUSTED_ORIGINS, FRONTEND_URL, FRONTEND_API_TOKEN, CORS_ALLOWED_ORIGINS, WAGTAILADMIN_BASE_URL,
MEDIA_ROOT, MEDIA_URL, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, SERVER_EMAIL, SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list


def require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production (see README.md)."
        )
    return value


DEBUG = False
SECRET_KEY = require("SECRET_KEY")
ALLOWED_HOSTS = [host for host in require("ALLOWED_HOSTS").split(",") if host.strip()]
require("DATABASE_URL")  # base.py has already parsed it into DATABASES
# gunicorn runs several workers; the API's response cache and its invalidation must be
# shared between them (base.py has already configured Django's RedisCache).
require("REDIS_URL")
# How many proxies stand in front of gunicorn, so rate limits see the client's address.
NINJA_NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "1"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Page paths on this host redirect to the front end only when FRONTEND_URL is set here
# (never to the development default); otherwise they answer a 404 (cms/headless.py).
HEADLESS_REDIRECT_URL = os.environ.get("FRONTEND_URL", "").strip().rstrip("/")

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        },
    }
}
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# HTTPS is terminated by the proxy in front of gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in an iframe of the admin itself, so
# same-origin framing is needed; other origins are still refused.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
