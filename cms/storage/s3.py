"""
Media in an S3 bucket (django-storages' ``S3Storage``), as ``cms.storage`` describes:
``MediaStorage`` for image originals and documents (private: signed, expiring URLs) and
``PublicMediaStorage`` for renditions (plain URLs, on a CDN's domain if one is set).

Both sign with SigV4, wait at most ``MEDIA_S3_TIMEOUT`` seconds for the store and try a
request twice, so an outage holds a request for seconds, not botocore's minutes; both
turn boto3's errors into ``OSError`` (``FileNotFoundError`` for a missing object,
``StorageUnavailable`` otherwise), which the rest of the site already handles.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3File, S3Storage
from storages.utils import clean_name

from . import StorageUnavailable

#: Key prefixes Wagtail writes: renditions are public, the rest private.
PUBLIC_PREFIX = "images/"
DOCUMENTS_PREFIX = "documents/"
#: Seconds the readiness check waits for the bucket (one attempt, no retry).
PROBE_TIMEOUT = 2.0
#: Bytes of a downloaded file kept in memory before it spills to a temporary file.
MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


def storage_error(error: BaseException, name: str = "") -> OSError:
    """The ``OSError`` that says what went wrong with a request to the bucket."""
    # boto3 wraps a refused upload in S3UploadFailedError, raised while handling the
    # ClientError that says why.
    cause = error
    while isinstance(cause, Boto3Error) and isinstance(cause.__context__, BaseException):
        cause = cause.__context__
    if isinstance(cause, ClientError):
        status = cause.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = cause.response.get("Error", {}).get("Code", "")
        if status == 404 and code in ("NoSuchKey", "NotFound", "404"):
            return FileNotFoundError(f"Not in media storage: {name}")
        if not code or code == str(status):  # a HEAD's answer has no body to name it
            code = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        hint = ""
        if status in (401, 403):
            hint = " (check MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY)"
        elif code == "NoSuchBucket":
            hint = " (check MEDIA_S3_BUCKET)"
        return StorageUnavailable(f"Media storage refused the request: {status} {code}{hint}")
    return StorageUnavailable(f"Media storage cannot be reached: {type(cause).__name__}: {cause}")


@contextmanager
def translated(name: str = "") -> Iterator[None]:
    try:
        yield
    except STORE_ERRORS as error:
        raise storage_error(error, name) from error


# django-storages ships no types: its classes are Any to the type checker.
class MediaFile(S3File):  # type: ignore[misc]
    """django-storages' file, whose reads and writes fail with ``OSError``."""

    def _get_file(self) -> Any:
        with translated(self.name):
            return super()._get_file()

    file = property(_get_file, S3File._set_file)

    def write(self, content: Any) -> int:
        with translated(self.name):
            written: int = super().write(content)
        return written

    def close(self) -> None:
        with translated(self.name):
            super().close()


class MediaStorage(S3Storage):  # type: ignore[misc]
    """Private objects: every URL this storage gives is signed and expires."""

    querystring_auth = True
    # Two uploads of "report.pdf" are two objects, never one replacing the other.
    file_overwrite = False
    default_acl = None
    max_memory_size = MAX_MEMORY_SIZE

    def get_default_settings(self) -> dict[str, Any]:
        return {**super().get_default_settings(), "timeout": 5.0}

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.client_config = Config(
            signature_version="s3v4",
            s3={"addressing_style": self.addressing_style or "auto"},
            connect_timeout=self.timeout,
            read_timeout=self.timeout,
            retries={"mode": "standard", "total_max_attempts": 2},
        )
        self._probe_client: Any = None
        self._probe_lock = threading.Lock()

    # Every request to the store goes through one of these.

    def _open(self, name: str, mode: str = "rb") -> MediaFile:
        key = self._normalize_name(clean_name(name))
        with translated(name):
            return MediaFile(key, mode, self)

    def _save(self, name: str, content: Any) -> str:
        with translated(name):
            saved: str = super()._save(name, content)
        return saved

    def delete(self, name: str) -> None:
        with translated(name):
            super().delete(name)

    def exists(self, name: str) -> bool:
        with translated(name):
            found: bool = super().exists(name)
        return found

    def listdir(self, name: str) -> tuple[list[str], list[str]]:
        with translated(name):
            listed: tuple[list[str], list[str]] = super().listdir(name)
        return listed

    def size(self, name: str) -> int:
        with translated(name):
            size: int = super().size(name)
        return size

    def get_modified_time(self, name: str) -> Any:
        with translated(name):
            return super().get_modified_time(name)

    def url(
        self,
        name: str,
        parameters: dict[str, str] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        if parameters is None and clean_name(name).startswith(DOCUMENTS_PREFIX):
            parameters = document_headers(name)
        with translated(name):  # credentials from the environment may need a request
            url: str = super().url(name, parameters, expire, http_method)
        return url

    def get_object_parameters(self, name: str) -> dict[str, Any]:
        params: dict[str, Any] = super().get_object_parameters(name)
        if name.lower().endswith((".svg", ".svgz")):
            # Shown by <img>, never rendered as a page on the bucket's origin (cms/media.py).
            params.setdefault("ContentDisposition", "attachment")
        return params

    # Readiness.

    def probe(self) -> None:
        """
        A ``HEAD`` of the bucket, tried once with short timeouts: raises
        ``StorageUnavailable`` unless the store answers, accepts the site's credentials
        and has the bucket.
        """
        with self._probe_lock:
            if self._probe_client is None:
                config = self.client_config.merge(
                    Config(
                        connect_timeout=min(self.timeout, PROBE_TIMEOUT),
                        read_timeout=min(self.timeout, PROBE_TIMEOUT),
                        retries={"mode": "standard", "total_max_attempts": 1},
                    )
                )
                self._probe_client = self._create_session().client(
                    "s3",
                    region_name=self.region_name,
                    use_ssl=self.use_ssl,
                    endpoint_url=self.endpoint_url,
                    config=config,
                    verify=self.verify,
                )
            client = self._probe_client
        try:
            client.head_bucket(Bucket=self.bucket_name)
        except ClientError as error:
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                raise StorageUnavailable(
                    f"Media storage has no bucket {self.bucket_name!r} (check MEDIA_S3_BUCKET)"
                ) from error
            raise storage_error(error) from error
        except STORE_ERRORS as error:
            raise storage_error(error) from error


class PublicMediaStorage(MediaStorage):
    """
    Renditions: plain URLs, on ``custom_domain`` when set. ``custom_domain`` may be a
    host ("media.example.org", served over HTTPS) or a whole base URL
    ("http://127.0.0.1:9406/media").
    """

    querystring_auth = False
    custom_domain: str | None
    url_protocol: str

    def __init__(self, **options: Any):
        super().__init__(**options)
        if self.custom_domain and "://" in self.custom_domain:
            scheme, _, rest = self.custom_domain.partition("://")
            self.url_protocol = f"{scheme}:"
            self.custom_domain = rest.rstrip("/")


def document_headers(name: str) -> dict[str, str]:
    """
    What a signed URL of a document makes the store answer with: the type and
    disposition Wagtail's own view would send (inline for a PDF, else an attachment).
    """
    from wagtail.documents import get_document_model

    document = get_document_model()(file=name)
    return {
        "ResponseContentType": document.content_type,
        "ResponseContentDisposition": document.content_disposition,
    }


def public_read_policy(bucket: str) -> dict[str, Any]:
    """The bucket policy that lets anyone read renditions, and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicRenditions",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/{PUBLIC_PREFIX}*"],
            }
        ],
    }


def apply_public_read_policy(storage: MediaStorage) -> dict[str, Any]:
    policy = public_read_policy(storage.bucket_name)
    with translated():
        storage.connection.meta.client.put_bucket_policy(
            Bucket=storage.bucket_name, Policy=json.dumps(policy)
        )
    return policy
