"""
Spanish translations, made the wagtail-localize way.

For each English page or snippet: its ``TranslationSource`` is brought up to date
from the instance, a ``StringTranslation`` is written for every string segment (the
Spanish looked up by the English text in ``es.SPANISH``), the ``Translation`` record
is made and the target is saved. The editor then shows each translation as synced
with its source, ready to be edited in wagtail-localize's translation editor.

A string with no Spanish is an error: the loader collects every missing string
(saving no more translations once one is missing) and then fails, listing them all,
so nothing is ever left half in English.
"""

from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from . import es


def spanish_for(data: str) -> str | None:
    """The Spanish for a source string, in wagtail-localize's stored (HTML) form."""
    if "<" in data:
        # A string with inline tags (a link in rich text) is keyed by its HTML.
        spanish = es.SPANISH_HTML.get(data)
        return None if spanish is None else StringValue.from_translated_html(spanish).data
    spanish = es.SPANISH.get(StringValue(data).render_text())
    return None if spanish is None else StringValue.from_plaintext(spanish).data


class Translator:
    def __init__(self, locale, log):
        self.locale = locale
        self.log = log
        self.saved = 0
        self.unchanged = 0
        self.strings_written = 0
        self.missing: dict[str, list[str]] = {}

    def translate(self, instance) -> object:
        """Creates or updates the Spanish translation of ``instance``; returns it."""
        existing = TranslationSource.objects.get_for_instance_or_none(instance)
        before = existing.content_json if existing is not None else None
        source, created = TranslationSource.update_or_create_from_instance(instance)
        source_changed = created or source.content_json != before

        strings_changed = self._write_strings(source, str(instance))
        if self.missing:
            return None
        translation, translation_created = Translation.objects.get_or_create(
            source=source, target_locale=self.locale, defaults={"enabled": True}
        )
        if not translation.enabled:
            translation.enabled = True
            translation.save(update_fields=["enabled"])

        target = instance.get_translation_or_none(self.locale)
        is_page = isinstance(instance, Page)
        needed = (
            source_changed
            or strings_changed
            or translation_created
            or target is None
            or (is_page and not target.live)
        )
        if not needed:
            self.unchanged += 1
            return target

        with transaction.atomic():
            # Translation.save_target() would publish a page in an on_commit hook, after
            # the command's transaction; publishing the new revision here instead makes
            # the page live at once (and in tests, which never commit). fallback=False:
            # a missing string or related object is an error, never left in English.
            target, _created = source.create_or_update_translation(
                self.locale, publish=not is_page, copy_parent_pages=False, fallback=False
            )
            if is_page:
                target.get_latest_revision().publish()
        self.saved += 1
        return target

    def _write_strings(self, source, label) -> int:
        written = 0
        missing = []
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments.order_by("order"):
            spanish = spanish_for(segment.string.data)
            if spanish is None:
                data = segment.string.data
                missing.append(data if "<" in data else StringValue(data).render_text())
                continue
            translation, created = StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=self.locale,
                context=segment.context,
                defaults={"data": spanish, "translation_type": "manual"},
            )
            if not created and (translation.data != spanish or translation.has_error):
                translation.data = spanish
                translation.has_error = False
                translation.field_error = ""
                translation.save()
                created = True
            written += created
        if missing:
            # Two objects may share a name (a partner and its initiative page).
            self.missing.setdefault(label, []).extend(missing)
        self.strings_written += written
        return written

    def check_complete(self):
        """Fails, listing every string that has no Spanish, if any was missing."""
        if not self.missing:
            return
        lines, seen = [], set()
        for label, strings in self.missing.items():
            lines.append(f"    # {label}")
            lines.extend(f'    {text!r}: "",' for text in strings if text not in seen)
            seen.update(strings)
        count = sum(len(strings) for strings in self.missing.values())
        raise CommandError(
            f"No Spanish for {count} string(s); add them to demo/es.py:\n" + "\n".join(lines)
        )
