"""
The content checks. Each finds one kind of problem in one page; ``checks.registry``
says how a check is written, ``checks.runner`` how its findings are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms.core.models import BasePage

from .content import PageContent
from .models import Review, Severity
from .registry import Check, Found, register


@register
class ImageAltText(Check):
    code = "image_alt"
    title = "Image without alt text"
    severity = Severity.ERROR
    advice = "Write what the image shows, or tick “Image is decorative” if it adds nothing."

    def find(self, content: PageContent) -> Iterator[Found]:
        uses = [use for use in content.images() if use.image_id and not use.decorative]
        ids = {use.image_id for use in uses if use.library_fallback and not use.alt.strip()}
        described = set(
            get_image_model()
            .objects.filter(pk__in=ids)
            .exclude(description="")
            .values_list("pk", flat=True)
        )
        for use in uses:
            if use.alt.strip() or (use.library_fallback and use.image_id in described):
                continue
            yield Found(
                "An image is used without alt text and is not marked decorative.", use.where
            )


@register
class HeadingLevels(Check):
    code = "heading_levels"
    title = "Heading skips a level"
    severity = Severity.ERROR
    advice = "Use the next level down (a level 3 heading under a level 2), not a deeper one."

    def find(self, content: PageContent) -> Iterator[Found]:
        for headings in content.headings().values():
            previous = 1  # the page's title
            for heading in headings:
                if heading.level > previous + 1:
                    yield Found(
                        f"The heading “{heading.text}” is level {heading.level} after level "
                        f"{previous}: level {previous + 1} is skipped.",
                        heading.where,
                    )
                previous = heading.level


@register
class InternalLinks(Check):
    code = "page_link"
    title = "Link to a page that is gone, unpublished or private"
    severity = Severity.ERROR
    advice = "Choose a live, public page, or remove the link."

    def find(self, content: PageContent) -> Iterator[Found]:
        references = [ref for ref in content.references() if issubclass(ref.model, Page)]
        ids = {int(ref.object_id) for ref in references if ref.object_id.isdigit()}
        targets = Page.objects.in_bulk(ids)
        for ref in references:
            target = targets.get(int(ref.object_id)) if ref.object_id.isdigit() else None
            if target is None:
                yield Found(
                    f"A link leads to a page that was deleted (id {ref.object_id}).", ref.where
                )
            elif not target.live:
                yield Found(f"A link leads to “{target.title}”, which is not published.", ref.where)
            elif target.get_view_restrictions().exists():
                yield Found(
                    f"A link leads to “{target.title}”, which is private.",
                    ref.where,
                    severity=Severity.WARNING,
                )


@register
class DocumentText(Check):
    code = "pdf_text"
    title = "PDF whose text could not be read"
    severity = Severity.WARNING
    advice = "Upload a PDF with real text (not a scan, not encrypted) so that search finds it."

    def find(self, content: PageContent) -> Iterator[Found]:
        from search.models import DocumentText as Text

        document_model = get_document_model()
        references = [ref for ref in content.references() if issubclass(ref.model, document_model)]
        failed = {Text.Status.FAILED, Text.Status.ENCRYPTED, Text.Status.NO_TEXT}
        records = {
            str(record.document_id): record
            for record in Text.objects.filter(
                document_id__in=[ref.object_id for ref in references], status__in=failed
            ).select_related("document")
        }
        for ref in references:
            record = records.get(ref.object_id)
            if record is not None:
                yield Found(
                    f"The text of “{record.document.title}” could not be read: "
                    f"{record.get_status_display()}.",
                    ref.where,
                )


@register
class Translation(Check):
    code = "translation"
    title = "Spanish translation missing or out of date"
    severity = Severity.WARNING
    advice = "Translate the page, or sync the translation and translate what changed."

    def find(self, content: PageContent) -> Iterator[Found]:
        page = content.page
        default = Locale.get_default()
        spanish = Locale.objects.filter(language_code="es").first()
        if spanish is None or not page.live:
            return
        if page.locale_id == default.pk:
            if not page.get_translations().filter(locale=spanish).exists():
                yield Found("This page has no Spanish translation.")
        elif page.locale_id == spanish.pk:
            source = page.get_translations().filter(locale=default).first()
            if source is not None and source.live and _out_of_date(source, page):
                yield Found(
                    f"The English page “{source.title}” changed after this translation was "
                    "last brought up to date."
                )


def _out_of_date(source: Page, translation: Page) -> bool:
    """
    What wagtail-localize tells a translator: the English page changed since it was last
    synced, or the sync brought strings not yet translated. A translation made without
    wagtail-localize is out of date when the English page was saved after it.
    """
    from wagtail_localize.models import Translation as Localized
    from wagtail_localize.models import TranslationSource

    synced = TranslationSource.objects.filter(
        object_id=source.translation_key, locale_id=source.locale_id
    ).first()
    if synced is None:
        latest = translation.latest_revision_created_at or translation.last_published_at
        changed = source.latest_revision_created_at or source.last_published_at
        return bool(latest and changed and changed > latest)
    if (
        source.latest_revision_created_at
        and source.latest_revision_created_at > synced.last_updated_at
    ):
        return True
    localized = Localized.objects.filter(source=synced, target_locale=translation.locale).first()
    if localized is None:
        return False
    total, translated = localized.get_progress()
    return bool(translated < total)


@register
class Reviewed(Check):
    code = "review"
    title = "Not reviewed for a long time"
    severity = Severity.WARNING
    advice = "Read the page; publish it or mark it reviewed if it is still right."

    def find(self, content: PageContent) -> Iterator[Found]:
        page = content.page
        if not page.live:
            return
        days = review_days()
        review = (
            Review.objects.filter(page_id=page.pk).values_list("reviewed_at", flat=True).first()
        )
        times = [t for t in (page.last_published_at, review) if t is not None]
        if not times or max(times) < timezone.now() - timedelta(days=days):
            yield Found(f"Nobody has published or reviewed this page for over {days} days.")


def review_days() -> int:
    return max(1, int(getattr(settings, "CONTENT_CHECKS_REVIEW_DAYS", 365)))


@register
class ListingSummary(Check):
    code = "listing_summary"
    title = "No listing summary"
    severity = Severity.WARNING
    advice = "Write one or two sentences in Promote → Listings → Listing summary."

    def find(self, content: PageContent) -> Iterator[Found]:
        page = content.content
        if isinstance(page, BasePage) and not page.get_listing_summary().strip():
            yield Found("Cards and search results show no summary of this page.", "listing_summary")


@register
class SocialImage(Check):
    code = "social_image"
    title = "No social image"
    severity = Severity.WARNING
    advice = "Choose an image in Promote → Search engines and sharing → Social image."

    def find(self, content: PageContent) -> Iterator[Found]:
        page = content.content
        if isinstance(page, BasePage) and not page.social_image_id:
            yield Found("Shared on social media, this page shows no image.", "social_image")
