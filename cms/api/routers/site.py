"""``/site/``: what the site's header and footer show, in one language."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_info
from ninja import Router, Schema
from wagtail.models import Locale, Site

from cms.core.models import SiteSettings

from ..cache import Built, cached_response
from ..context import SerializerContext, object_tag
from ..params import LocaleCode, language_codes, reject_unknown
from ..serializers import rich_text
from ..visibility import locale_id

router = Router(tags=["site"])


class Address(Schema):
    street_address: str
    locality: str
    region: str
    postal_code: str
    country: str
    lines: list[str]


class SocialLink(Schema):
    network: str
    label: str
    url: str


class Newsletter(Schema):
    name: str
    blurb: str
    consent: str


class SiteLanguage(Schema):
    code: str
    name: str
    home_path: str | None


class SiteInfo(Schema):
    locale: str
    name: str
    address: Address
    phone: str
    email: str
    social_links: list[SocialLink]
    newsletter: Newsletter
    footer_text: str
    copyright_holder: str
    languages: list[SiteLanguage]


@router.get(
    "/",
    response=SiteInfo,
    summary="Site settings",
    operation_id="site",
    description="Contact details, social links, newsletter text and footer, in `locale`.",
)
def site(request: HttpRequest, locale: LocaleCode = "en") -> HttpResponse:
    reject_unknown(request, {"locale"})

    def build(ctx: SerializerContext) -> Built:
        ctx.language_code = locale
        site = Site.objects.filter(is_default_site=True).first()
        conf = SiteSettings.for_site(site)
        ctx.depends_on(object_tag(conf), "pages")
        text = conf.text_for_locale(Locale(pk=locale_id(locale), language_code=locale))
        if text is not None:
            ctx.depends_on_objects([text, conf.site_text])
        homes = {root.language_code: root for root in ctx.root_paths()}
        return Built(
            200,
            {
                "locale": locale,
                "name": conf.organisation_name,
                "address": {
                    "street_address": conf.street_address,
                    "locality": conf.locality,
                    "region": conf.region,
                    "postal_code": conf.postal_code,
                    "country": conf.country,
                    "lines": conf.address_lines,
                },
                "phone": conf.phone,
                "email": conf.email,
                "social_links": [
                    {"network": link.network, "label": link.get_network_display(), "url": link.url}
                    for link in conf.social_links.all()
                ],
                "newsletter": {
                    "name": text.newsletter_name if text else "",
                    "blurb": text.newsletter_blurb if text else "",
                    "consent": text.newsletter_consent if text else "",
                },
                "footer_text": rich_text(ctx, text.footer_text) if text else "",
                "copyright_holder": text.copyright_holder if text else conf.organisation_name,
                "languages": [
                    {
                        "code": code,
                        "name": get_language_info(code)["name_local"],
                        "home_path": ("/" if code == settings.LANGUAGE_CODE else f"/{code}/")
                        if code in homes
                        else None,
                    }
                    for code in language_codes()
                ],
            },
        )

    return cached_response(request, build)
