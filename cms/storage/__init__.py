"""
Where media live: ``MEDIA_ROOT`` by default, or an S3 bucket when ``MEDIA_S3_BUCKET`` is
set (``cms/settings/base.py``), so that every host of a deployment sees every upload.

In the bucket (``cms.storage.s3``):

- image originals (``original_images/``) and documents (``documents/``) are private: the
  storage hands out only signed URLs that expire (``MEDIA_S3_SIGNED_URL_EXPIRY``), and
  documents go to visitors only through Wagtail's view, which checks a private
  collection's restriction first (and then streams the file, or redirects to a signed
  URL when ``MEDIA_S3_DOCUMENT_REDIRECT`` is on);
- renditions (``images/``, the only image files the API shows) are public, by plain URL
  on the bucket's endpoint or ``MEDIA_S3_CUSTOM_DOMAIN``; the bucket's policy must let
  anyone read ``images/*`` and nothing else (``manage.py media_bucket_policy``).

Whatever the storage, a failure to reach it is an ``OSError``, as a file system's would
be: a missing file is ``FileNotFoundError`` and an unreachable or refusing store is
``StorageUnavailable``. The code that already copes with a lost file (renditions, PDF
text, document sizes) copes with an outage the same way, and ``cms.storage.outage``
turns what is left into a clear answer rather than a 500.

This module imports nothing of boto3, so a site on local files never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty

#: The storage alias of renditions when they are kept apart (object storage).
RENDITIONS = "renditions"


class StorageUnavailable(OSError):
    """Media storage cannot be reached, or refuses the site's requests (credentials)."""


if TYPE_CHECKING:
    _LazyStorage = LazyObject[Storage]
else:
    _LazyStorage = LazyObject  # not subscriptable at run time


class RenditionStorage(_LazyStorage):
    """
    ``STORAGES["renditions"]`` when it is set, else the default storage, looked up when
    first used rather than when the models load, and again after the settings change
    (in tests): Wagtail's rendition model keeps whatever object
    ``WAGTAILIMAGES_RENDITION_STORAGE`` gave it at import.
    """

    _wrapped: object

    def _setup(self) -> None:
        alias = RENDITIONS if RENDITIONS in settings.STORAGES else "default"
        self._wrapped = storages[alias]


_rendition_storage = RenditionStorage()


def rendition_storage() -> Storage:
    """``WAGTAILIMAGES_RENDITION_STORAGE``: Wagtail calls it once, for the model's field."""
    return _rendition_storage  # type: ignore[return-value]  # a lazy proxy of a Storage


def _storages_changed(*, setting: str, **kwargs: object) -> None:
    if setting == "STORAGES":
        _rendition_storage._wrapped = empty


setting_changed.connect(_storages_changed, dispatch_uid="cms-storage-renditions")
