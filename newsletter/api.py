"""
The Hartbeat sign-up endpoints, mounted at /api/v3/newsletter/.

``POST subscriptions/``   sign up (double opt-in): always 202, whatever the address's state.
``POST confirmations/``   confirm with the token from the confirmation e-mail.
``POST unsubscriptions/`` unsubscribe with the token from the e-mail's unsubscribe link.

Each takes a small JSON object (``Content-Type: application/json``, at most 4 KB),
is rate-limited per client, and answers with ``Cache-Control: private, no-store``.
Errors are ``application/problem+json``. What each operation does is in services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, Literal

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.validators import EmailValidator
from django.http import HttpRequest, HttpResponse
from django.http.request import UnreadablePostError
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from cms.api.cache import never_cache
from cms.api.errors import PROBLEM_JSON, ProblemError, problem_response

from . import conf, services
from .models import Subscriber
from .throttling import ClientRateThrottle

router = Router(tags=["newsletter"])

MAX_BODY_BYTES = 4096
MAX_TOKEN_LENGTH = 128
Language = Literal[tuple(Subscriber.Language.values)]  # type: ignore[valid-type]
# The same words whatever the address's state (new, pending, confirmed).
ACCEPTED_DETAIL = {
    "en": (
        "Thank you. Please check your inbox: unless this address is already subscribed, "
        "we are sending it an e-mail with a link to confirm your subscription."
    ),
    "es": (
        "Gracias. Revisa tu bandeja de entrada: si esta dirección aún no está suscrita, "
        "te enviaremos un correo con un enlace para confirmar tu suscripción."
    ),
}
# Real addresses only: no "user@localhost", no display names, no spaces.
validate_email = EmailValidator(allowlist=[])


# --- Schemas ---------------------------------------------------------------------------


class NewsletterSubscriptionIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    email: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)
    ] = Field(json_schema_extra={"format": "email"}, examples=["jane.doe@example.com"])
    locale: Language = Field(  # type: ignore[valid-type]
        "en", description="The language of the e-mails: `en` or `es`."
    )
    consent: Literal[True] = Field(
        description="`true`: the visitor ticked the consent box (the site text's consent "
        "sentence, which is stored with the subscription)."
    )

    @field_validator("consent", mode="before")
    @classmethod
    def consent_is_true(cls, value: Any) -> Any:
        # Only JSON true: Literal[True] alone would also take 1, which equals True.
        if value is not True:
            raise PydanticCustomError(
                "consent_required", "Consent is required: send true once the visitor has agreed."
            )
        return value

    @field_validator("email")
    @classmethod
    def normalise_email(cls, value: str) -> str:
        if any(ord(char) < 32 or ord(char) == 127 for char in value):
            raise PydanticCustomError(
                "invalid_email", "The address may not contain control characters."
            )
        try:
            validate_email(value)
        except ValidationError:
            raise PydanticCustomError("invalid_email", "Enter a valid e-mail address.") from None
        local, _, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"


class NewsletterTokenIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    token: str = Field(
        min_length=1,
        max_length=MAX_TOKEN_LENGTH,
        description="The `token` query parameter of the link in the e-mail.",
    )


class NewsletterSubscriptionAccepted(Schema):
    status: Literal["pending_confirmation"]
    detail: str = Field(description="A sentence to show the visitor, in their language.")


class NewsletterConfirmed(Schema):
    status: Literal["confirmed"]


class NewsletterUnsubscribed(Schema):
    status: Literal["unsubscribed"]


class NewsletterProblem(Schema):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[dict[str, Any]] | None = None


# --- Request guard -----------------------------------------------------------------------


def _guard(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """
    Wraps each operation whole (validation, throttling and errors included): refuses
    bodies that are not small JSON documents, and marks every answer uncacheable.

    Requiring ``application/json`` also means a browser will not send the request
    from another site's page without a CORS preflight, which only the front end's
    origin passes.
    """

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = _refuse_body(request) or run(request, *args, **kwargs)
        return never_cache(response)

    return wrapper


def _refuse_body(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST":
        return None
    if request.content_type != "application/json":
        return problem_response(415, "Send the request body as application/json.")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return problem_response(400, "The Content-Length header is not a number.")
    if declared > MAX_BODY_BYTES:
        return problem_response(413, f"The request body may be at most {MAX_BODY_BYTES} bytes.")
    try:
        body = request.body
    except RequestDataTooBig:
        return problem_response(413, f"The request body may be at most {MAX_BODY_BYTES} bytes.")
    except (UnreadablePostError, OSError):
        return problem_response(400, "The request body could not be read.")
    if len(body) > MAX_BODY_BYTES:
        return problem_response(413, f"The request body may be at most {MAX_BODY_BYTES} bytes.")
    return None


router.add_decorator(_guard, mode="view")


# --- OpenAPI -----------------------------------------------------------------------------

PROBLEM_REF = {"$ref": "#/components/schemas/NewsletterProblem"}
COMMON_PROBLEMS = {
    400: "The body is not valid JSON.",
    413: "The body is larger than 4 KB.",
    415: "The body is not `application/json`.",
    422: "The body does not match the schema; `errors` says where.",
    429: "Too many requests from this client; see the `Retry-After` header.",
}
TOKEN_PROBLEMS = {
    **COMMON_PROBLEMS,
    400: "The body is not valid JSON, or the token is malformed.",
    404: "No subscription has this token (or it has been replaced by a newer e-mail's).",
}
CONFIRM_PROBLEMS = {**TOKEN_PROBLEMS, 410: "The confirmation link has expired."}


def _responses(success: dict[int, type[Schema]], problems: dict[int, str]) -> dict:
    return {**success, **dict.fromkeys(problems, NewsletterProblem)}


def _openapi(problems: dict[int, str]) -> dict:
    """
    Document the problems as ``application/problem+json`` (what is sent) with their own
    descriptions. ninja also lists them under ``application/json``, with the same schema,
    because they appear in ``response=`` (which is what registers the component).
    """
    responses: dict[int, Any] = {
        status: {"description": text, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}
        for status, text in problems.items()
    }
    responses[429]["headers"] = {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer"},
        }
    }
    return {"responses": responses}


# --- Operations --------------------------------------------------------------------------


@router.post(
    "/subscriptions/",
    response=_responses({202: NewsletterSubscriptionAccepted}, COMMON_PROBLEMS),
    throttle=[ClientRateThrottle("subscribe", conf.rate)],
    summary="Sign up for The Hartbeat",
    operation_id="newsletter_subscribe",
    description=(
        "Starts a double opt-in subscription to The Hartbeat, the Alliance's daily brief. "
        "A confirmation e-mail (in `locale`) is sent with a link to "
        "`{FRONTEND_URL}/newsletter/confirm?token=…` (`/es/newsletter/confirm` in Spanish). "
        "The answer is the same 202 whether the address is new, pending or already "
        "subscribed, so it reveals nothing about the address; a pending address is sent "
        "another e-mail at most every few minutes, a confirmed one none. A front end "
        "that relays sign-ups from its own server sends the visitor's IP address in "
        "`X-Visitor-Address` with the shared `FRONTEND_API_TOKEN` in `X-Frontend-Token`, "
        "so that the rate limit counts each visitor; without the right token both are "
        "ignored."
    ),
    openapi_extra=_openapi(COMMON_PROBLEMS),
)
def subscribe(request: HttpRequest, payload: NewsletterSubscriptionIn):
    services.subscribe(payload.email, payload.locale)
    return Status(
        202, {"status": "pending_confirmation", "detail": ACCEPTED_DETAIL[payload.locale]}
    )


@router.post(
    "/confirmations/",
    response=_responses({200: NewsletterConfirmed}, CONFIRM_PROBLEMS),
    throttle=[ClientRateThrottle("token", conf.token_rate)],
    summary="Confirm a subscription",
    operation_id="newsletter_confirm",
    description=(
        "Confirms the subscription with the token from the confirmation e-mail's link. "
        "Confirming an already confirmed subscription is fine (200). Links expire after "
        "`NEWSLETTER_CONFIRMATION_DAYS` days (410)."
    ),
    openapi_extra=_openapi(CONFIRM_PROBLEMS),
)
def confirm(request: HttpRequest, payload: NewsletterTokenIn):
    try:
        services.confirm(payload.token)
    except services.TokenError as error:
        raise ProblemError(error.status, error.detail) from None
    return {"status": "confirmed"}


@router.post(
    "/unsubscriptions/",
    response=_responses({200: NewsletterUnsubscribed}, TOKEN_PROBLEMS),
    throttle=[ClientRateThrottle("token", conf.token_rate)],
    summary="Unsubscribe",
    operation_id="newsletter_unsubscribe",
    description=(
        "Unsubscribes with the token from the e-mail's unsubscribe link "
        "(`{FRONTEND_URL}/newsletter/unsubscribe?token=…`). Unsubscribing twice is fine."
    ),
    openapi_extra=_openapi(TOKEN_PROBLEMS),
)
def unsubscribe(request: HttpRequest, payload: NewsletterTokenIn):
    try:
        services.unsubscribe(payload.token)
    except services.TokenError as error:
        raise ProblemError(error.status, error.detail) from None
    return {"status": "unsubscribed"}
