"""
Production's settings for the multi-host drill (tests/test_multi_host_drill.py), with one
difference: static files are found in the apps' folders, as in development, instead of
the manifest ``collectstatic`` writes, so the drill need not collect them first (the
admin pages it loads name their scripts and styles).
"""

from cms.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405 (the bucket's storages, from MEDIA_S3_*)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
