"""
Webhook signatures, after the Standard Webhooks specification
(https://www.standardwebhooks.com), so receivers can verify them with its libraries:

* headers ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and
  ``webhook-signature`` (``v1,<base64>``, several separated by spaces);
* the signature is HMAC-SHA256 over ``{id}.{timestamp}.{body}``, keyed with the
  base64-decoded part of the secret after its ``whsec_`` prefix.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105 (a format marker, not a secret)
#: How far a receiver should let a timestamp stray from its clock, in seconds.
TOLERANCE = 300


class InvalidSignature(Exception):
    pass


def generate_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_key(secret: str) -> bytes:
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        return base64.b64decode(encoded, validate=True)
    except ValueError as error:
        raise ValueError("A webhook secret is 'whsec_' followed by base64.") from error


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(
    secret: str, message_id: str, body: bytes, timestamp: int | None = None
) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }


def verify(secret: str, received: dict[str, str], body: bytes, now: float | None = None) -> None:
    """Check a received request's headers (lower-case names); raise InvalidSignature."""
    try:
        message_id = received["webhook-id"]
        timestamp = int(received["webhook-timestamp"])
        offered = received["webhook-signature"].split()
    except (KeyError, ValueError) as error:
        raise InvalidSignature("missing or malformed webhook headers") from error
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE:
        raise InvalidSignature("timestamp outside the tolerance")
    expected = signature(secret, message_id, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in offered):
        raise InvalidSignature("no matching signature")
