"""
The media bucket's storages from the ``MEDIA_S3_*`` environment variables (README,
"Object storage"); ``base.py`` adds them to ``STORAGES`` when ``MEDIA_S3_BUCKET`` is set.
"""

from collections.abc import Mapping
from typing import Any


def media_s3(environ: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The storages of the bucket (none when it is off), and the origins images come from."""
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {}, []
    endpoint = environ.get("MEDIA_S3_ENDPOINT_URL", "").strip().rstrip("/") or None
    region = environ.get("MEDIA_S3_REGION", "").strip() or "us-east-1"
    style = environ.get("MEDIA_S3_ADDRESSING_STYLE", "").strip() or (
        "path" if endpoint else "virtual"
    )
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        # Empty: boto3's own chain (AWS_* variables, an instance or task role).
        "access_key": environ.get("MEDIA_S3_ACCESS_KEY_ID", "").strip() or None,
        "secret_key": environ.get("MEDIA_S3_SECRET_ACCESS_KEY", "").strip() or None,
        "addressing_style": style,
        "timeout": float(environ.get("MEDIA_S3_TIMEOUT", "5")),
    }
    domain = environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip().rstrip("/") or None
    storages = {
        "default": {
            "BACKEND": "cms.storage.s3.MediaStorage",
            "OPTIONS": {
                **common,
                "querystring_expire": int(environ.get("MEDIA_S3_SIGNED_URL_EXPIRY", "300")),
            },
        },
        "renditions": {
            "BACKEND": "cms.storage.s3.PublicMediaStorage",
            "OPTIONS": {**common, "custom_domain": domain},
        },
    }
    if endpoint:
        scheme, _, host = endpoint.partition("://")
        host = host.split("/")[0]
        origins = [f"{scheme}://{bucket}.{host}" if style == "virtual" else f"{scheme}://{host}"]
    else:
        origins = [
            f"https://{bucket}.s3.{region}.amazonaws.com",
            f"https://{bucket}.s3.amazonaws.com",
        ]
    if domain:
        scheme, _, host = domain.rpartition("://")
        origins.append(f"{scheme or 'https'}://{host.split('/')[0]}")
    return storages, origins
