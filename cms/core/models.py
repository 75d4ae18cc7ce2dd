"""
What every page type shares, and the snippets and settings that pages point to.

``BasePage`` gives each page its teaser (listing title, summary and image) and its
social-sharing image; the concrete page types in ``home``, ``initiatives``,
``reports`` and ``industries`` add their own content on top.
"""

import datetime
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

IMAGE_MODEL = "wagtailimages.Image"


def image_alt_field(use: str) -> models.CharField:
    """
    The alt text of one use of an image on a page (``hero_image_alt`` beside
    ``hero_image``). It is a text field of the page, so wagtail-localize offers it for
    translation with the rest of the page; the image library's description is the
    fallback when it is left blank.
    """
    return models.CharField(
        max_length=255,
        blank=True,
        verbose_name=f"{use} alt text",
        help_text=f"What the {use.lower()} shows, for readers who cannot see it, in this "
        "page's language. Leave blank to use the image library's description.",
    )


class BasePage(Page):
    """
    Abstract base of every page type on the site.

    The listing fields are what cards, search results and "related" lists show; each
    falls back to the page's own title or summary when left blank, so editors only
    fill them in when the teaser should differ from the page.
    """

    listing_title = models.CharField(
        max_length=255,
        blank=True,
        help_text="The title on cards and in lists, if it should differ from the page title.",
    )
    listing_summary = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two sentences for cards and search results.",
    )
    listing_image = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The image on cards and in lists.",
    )
    listing_image_alt = image_alt_field("Listing image")
    social_image = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media (1200×630 works best).",
    )
    social_image_alt = image_alt_field("Social image")

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("listing_title"),
                FieldPanel("listing_summary"),
                FieldPanel("listing_image"),
                FieldPanel("listing_image_alt"),
            ],
            heading="Listings",
        ),
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("social_image"),
                FieldPanel("social_image_alt"),
            ],
            heading="Search engines and sharing",
        ),
        FieldPanel("show_in_menus"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("listing_title", boost=2),
        index.SearchField("listing_summary"),
        index.SearchField("search_description"),
    ]

    # The public site is a separate front end: page paths on this host redirect there
    # (cms/headless.py), so Wagtail's serve() and this plain template are not reached
    # through a URL; it remains for code that calls serve() directly.
    template = "core/page.html"

    class Meta:
        abstract = True

    def serve_preview(self, request, mode_name):
        """
        Previews happen on the separate front end: store the unsaved page and show
        the front end's preview route, with a signed token, inside the editor.
        """
        return import_string(settings.PREVIEW_RESPONSE)(self, request)

    # The card -------------------------------------------------------------------------
    # One rule for what a page shows as a card, used by listings, search hits, a page's
    # own detail and webhooks alike: the listing fields, else the page's own fields each
    # type names below, in order.

    #: Text fields a card's summary falls back to after the listing summary and the
    #: search description (a report's summary, an index page's intro).
    card_summary_fields: ClassVar[tuple[str, ...]] = ()
    #: Image fields a card's image falls back to after the listing image (a report's
    #: cover); each with its ``…_alt`` field beside it.
    card_image_fields: ClassVar[tuple[str, ...]] = ()
    #: The card's date: a date field of the page, or none. The day a page was first
    #: published is the day its content was loaded or imported, not news to a visitor.
    card_date_field: ClassVar[str | None] = None

    def get_listing_title(self) -> str:
        return self.listing_title or self.title

    def get_listing_summary(self) -> str:
        for name in ("listing_summary", "search_description", *self.card_summary_fields):
            value = getattr(self, name, "") or ""
            if value.strip():
                return value
        return ""

    def get_listing_image(self) -> tuple[int | None, str]:
        """The card image's id and the alt text written for it on this page ("" if none)."""
        for name in ("listing_image", *self.card_image_fields):
            image_id = getattr(self, f"{name}_id", None)
            if image_id:
                return image_id, getattr(self, f"{name}_alt", "") or ""
        return None, ""

    def get_listing_date(self) -> datetime.date | None:
        return getattr(self, self.card_date_field) if self.card_date_field else None


@dataclass(frozen=True)
class Card:
    """What a page shows where it is listed: a card, a search hit, a related link."""

    title: str
    summary: str
    image_id: int | None
    image_alt: str
    date: datetime.date | None


def card(page: Page) -> Card:
    """The card of any page: a page type's own rule, or the title alone for a bare page."""
    if isinstance(page, BasePage):
        image_id, image_alt = page.get_listing_image()
        return Card(
            page.get_listing_title(),
            page.get_listing_summary(),
            image_id,
            image_alt,
            page.get_listing_date(),
        )
    return Card(page.title, page.search_description, None, "", None)


class RelatedPage(Orderable):
    """
    Base of the orderable "related pages" lists (initiatives ↔ reports ↔ industries).

    Subclasses add the ``ParentalKey`` to the page that owns the list and narrow
    ``page`` to the page type that may be chosen.
    """

    class Meta(Orderable.Meta):
        abstract = True


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A sponsor, partner, employer, university or other body the Alliance works with."""

    class Kind(models.TextChoices):
        SPONSOR = "sponsor", "Sponsor"
        PARTNER = "partner", "Partner"
        EMPLOYER = "employer", "Employer"
        UNIVERSITY = "university", "University or college"
        GOVERNMENT = "government", "Government body"
        NONPROFIT = "nonprofit", "Non-profit"
        INVESTOR = "investor", "Investor"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255, help_text="The organisation's usual name.")
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.PARTNER,
        help_text="What the organisation mainly is to the Alliance.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences about the organisation."
    )
    website = models.URLField(blank=True, help_text="Its public website.")
    logo = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Its logo; the image's alt text should name the organisation.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("logo"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A member of the Alliance's board or staff."""

    class Group(models.TextChoices):
        STAFF = "staff", "Staff"
        BOARD = "board", "Board of directors"

    name = models.CharField(max_length=255, help_text="Full name as it should appear.")
    role = models.CharField(max_length=255, help_text="Job title or board role.")
    group = models.CharField(
        max_length=10,
        choices=Group.choices,
        default=Group.STAFF,
        help_text="Staff or board.",
    )
    organisation = models.CharField(
        max_length=255, blank=True, help_text="Employer, for board members."
    )
    photo = models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait; its alt text should name the person.",
    )
    bio = models.TextField(blank=True, max_length=1000, help_text="A short biography.")
    email = models.EmailField(blank=True, help_text="A public contact address, if any.")
    phone = models.CharField(max_length=40, blank=True, help_text="A public phone number.")

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("group"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.SearchField("organisation"),
        index.SearchField("bio"),
        index.FilterField("group"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A subject that cuts across reports and initiatives, such as "Job Growth"."""

    name = models.CharField(max_length=100, help_text="A short name, such as “Job Growth”.")
    description = models.TextField(blank=True, help_text="What the theme covers.")

    panels = [FieldPanel("name"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SiteText(TranslatableMixin, models.Model):
    """
    The words of the site's frame that visitors read: newsletter call-out and footer.

    Kept as a translatable snippet (one per language) so that wagtail-localize
    translates it like any page; ``SiteSettings`` points to the English original.
    """

    name = models.CharField(
        max_length=100, default="Site text", help_text="An internal name for this set of text."
    )
    newsletter_name = models.CharField(
        max_length=100, help_text="The newsletter's name, such as “The Hartbeat”."
    )
    newsletter_blurb = models.TextField(
        max_length=500, help_text="One or two sentences inviting visitors to subscribe."
    )
    newsletter_consent = models.CharField(
        max_length=255,
        help_text="The consent sentence beside the sign-up checkbox.",
    )
    footer_text = RichTextField(
        features=["bold", "italic", "link"],
        help_text="The short text at the foot of every page.",
    )
    copyright_holder = models.CharField(max_length=255, help_text="Shown after © in the footer.")

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("newsletter_name"),
                FieldPanel("newsletter_blurb"),
                FieldPanel("newsletter_consent"),
            ],
            heading="Newsletter",
        ),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("copyright_holder")], heading="Footer"
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "site text"
        verbose_name_plural = "site text"

    def __str__(self) -> str:
        return f"{self.name} ({self.locale})"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting, ClusterableModel):
    """Contact details and social links for the whole site, with its translatable text."""

    organisation_name = models.CharField(
        max_length=255, default="MetroHartford Alliance", help_text="Shown in the footer."
    )
    street_address = models.CharField(
        max_length=255,
        blank=True,
        help_text="Street and suite, such as “185 Asylum St., Ste. 111”.",
    )
    locality = models.CharField(max_length=100, blank=True, help_text="City or town.")
    region = models.CharField(max_length=50, blank=True, help_text="State, such as “CT”.")
    postal_code = models.CharField(max_length=20, blank=True, help_text="ZIP code.")
    country = models.CharField(
        max_length=100, blank=True, default="United States", help_text="Country."
    )
    phone = models.CharField(max_length=40, blank=True, help_text="Main phone number.")
    email = models.EmailField(blank=True, help_text="Main public contact address.")
    site_text = models.ForeignKey(
        SiteText,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The newsletter and footer text; its translations are used on other languages.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("street_address"),
                FieldPanel("locality"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
            ],
            heading="Address",
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading="Contact"),
        FieldPanel("site_text"),
        InlinePanel("social_links", heading="Social links", label="Social link"),
    ]

    class Meta:
        verbose_name = "site settings"

    @cached_property
    def address_lines(self) -> list[str]:
        city = " ".join(p for p in [self.region, self.postal_code] if p)
        last = ", ".join(p for p in [self.locality, city] if p)
        return [line for line in [self.street_address, last] if line]

    def text_for_locale(self, locale) -> "SiteText | None":
        if self.site_text is None:
            return None
        return self.site_text.get_translation_or_none(locale) or self.site_text


class SocialLink(Orderable):
    """One of the Alliance's social media accounts."""

    class Network(models.TextChoices):
        LINKEDIN = "linkedin", "LinkedIn"
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        X = "x", "X (Twitter)"
        YOUTUBE = "youtube", "YouTube"
        OTHER = "other", "Other"

    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="social_links")
    network = models.CharField(max_length=20, choices=Network.choices, help_text="Which network.")
    url = models.URLField(help_text="The full address of the account.")

    panels = [FieldPanel("network"), FieldPanel("url")]

    def __str__(self) -> str:
        return self.get_network_display()


class PreviewSnapshot(models.Model):
    """
    The unsaved state of a page as an editor previewed it.

    The editor's Preview stores one and opens the front end with a signed token
    naming it; the API's preview endpoint returns the page from it. Snapshots are
    short-lived and pruned as new ones are made.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"Preview {self.pk} of {self.content_type}"
