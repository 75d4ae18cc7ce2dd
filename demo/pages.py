"""
Creating and updating the demo's pages in place.

Pages are built in two passes. The first makes sure every page exists (found by slug
under its parent, or created as a draft with its plain fields), so that the second
can fill in StreamFields, images and links to any other page. The second pass
compares what the page should hold with what it holds, and saves and publishes a
new revision only when something differs (or the page has never been published).
"""

import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site

from .content.images import IMAGE_ALT
from .refs import ImageRef
from .registry import Registry
from .specs import PageSpec


def _json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def normalised_stream(field: StreamField, raw: list[dict]) -> list[dict]:
    """Raw stream data in the exact shape Wagtail stores (every child block present)."""
    stream_value = field.stream_block.to_python(raw)
    for _child in stream_value:  # Converts each block, so get_prep_value re-serialises it.
        pass
    return _json(field.stream_block.get_prep_value(stream_value))


def stored_stream(field: StreamField, page) -> list[dict]:
    return _json(field.stream_block.get_prep_value(getattr(page, field.name)))


class PageBuilder:
    def __init__(self, registry: Registry, locale: Locale, log):
        self.registry = registry
        self.locale = locale
        self.log = log
        self.created = 0
        self.published = 0
        self.unchanged = 0

    # First pass -------------------------------------------------------------------

    def ensure(self, spec: PageSpec):
        model = apps.get_model(spec.model)
        if spec.parent is None:
            page = self._ensure_site_root(spec, model)
        else:
            parent = self.registry.pages[spec.parent]
            existing = parent.get_children().filter(slug=spec.slug).first()
            if existing is not None:
                page = existing.specific
                if not isinstance(page, model):
                    raise CommandError(
                        f"{existing.url_path} is a {type(page).__name__}, not a "
                        f"{model.__name__}; move or delete it and run the command again."
                    )
            else:
                page = self._new_page(spec, model)
                parent.add_child(instance=page)
                self.created += 1
        self.registry.pages[spec.key] = page
        return page

    def _new_page(self, spec: PageSpec, model):
        page = model(
            title=spec.title,
            slug=spec.slug,
            show_in_menus=spec.show_in_menus,
            live=False,
            has_unpublished_changes=True,
            locale=self.locale,
        )
        for name, value in spec.fields.items():
            field = model._meta.get_field(name)
            if not isinstance(field, StreamField | models.ForeignKey):
                setattr(page, name, self.registry.value(value, f"{spec.key}.{name}", strict=False))
        return page

    def _ensure_site_root(self, spec: PageSpec, model):
        """
        The home page sits at depth 2 and replaces Wagtail's "Welcome to your new
        Wagtail site!" page as the root of every site that pointed to it.
        """
        existing = model.objects.filter(depth=2, locale=self.locale).first()
        if existing is not None:
            return existing
        root = Page.get_first_root_node()
        welcome = (
            root.get_children()
            .filter(content_type=ContentType.objects.get_for_model(Page), numchild=0)
            .first()
        )
        if welcome is not None:
            # Free its slug for the new home page; the page itself goes once no site uses it.
            Page.objects.filter(pk=welcome.pk).update(slug=f"wagtail-welcome-{welcome.pk}")
        page = self._new_page(spec, model)
        root.add_child(instance=page)
        self.created += 1
        if welcome is not None:
            Site.objects.filter(root_page=welcome).update(root_page=page)
            welcome.refresh_from_db()
            welcome.delete()
            self.log("Replaced Wagtail's welcome page with the home page.")
        return page

    # Second pass ------------------------------------------------------------------

    def build(self, spec: PageSpec) -> bool:
        """Brings the page up to date with ``spec``; returns True if it was published."""
        page = self.registry.pages[spec.key]
        page = type(page).objects.get(pk=page.pk)  # Fresh from the database.
        changed = self._apply(spec, page)
        if changed or not page.live:
            revision = page.save_revision()
            revision.publish()
            page.refresh_from_db()
            self.published += 1
        else:
            self.unchanged += 1
        self.registry.pages[spec.key] = page
        return changed

    @staticmethod
    def _with_image_alt(spec: PageSpec, model) -> dict:
        """
        The spec's fields, plus the alt text of each image the page uses
        (``hero_image_alt`` for ``hero_image``) where the spec gives none.
        """
        fields = dict(spec.fields)
        for name, value in spec.fields.items():
            alt_name = f"{name}_alt"
            has_alt = any(f.name == alt_name for f in model._meta.get_fields())
            if isinstance(value, ImageRef) and has_alt and alt_name not in fields:
                fields[alt_name] = IMAGE_ALT[value.key]
        return fields

    def _apply(self, spec: PageSpec, page) -> bool:
        changed = False

        def assign(name, value):
            nonlocal changed
            if getattr(page, name) != value:
                setattr(page, name, value)
                changed = True

        assign("title", spec.title)
        assign("show_in_menus", spec.show_in_menus)
        model = type(page)
        for name, value in self._with_image_alt(spec, model).items():
            field = model._meta.get_field(name)
            path = f"{spec.key}.{name}"
            if isinstance(field, StreamField):
                new = normalised_stream(field, self.registry.stream(value, path))
                if stored_stream(field, page) != new:
                    setattr(page, name, new)
                    changed = True
            elif isinstance(field, models.ForeignKey):
                assign(field.attname, self.registry.value(value, path))
            else:
                assign(name, self.registry.value(value, path))

        for relation, rows in spec.relations.items():
            changed |= self._apply_relation(spec, page, relation, rows)

        if hasattr(model, "tags") and set(page.tags.names()) != set(spec.tags):
            page.tags.set(list(spec.tags))
            changed = True
        return changed

    def _apply_relation(self, spec, page, relation, rows) -> bool:
        child_model = page._meta.get_field(relation).related_model
        wanted = []
        for index, row in enumerate(rows):
            resolved = {}
            for name, value in row.items():
                field = child_model._meta.get_field(name)
                attname = field.attname if isinstance(field, models.ForeignKey) else name
                resolved[attname] = self.registry.value(value, f"{spec.key}.{relation}/{index}")
            if hasattr(child_model, "sort_order_field"):
                # Wagtail's editor numbers orderable items; code must do the same, or
                # their order is whatever the database returns.
                resolved[child_model.sort_order_field] = index
            wanted.append(resolved)
        names = {name for row in wanted for name in row}
        current = [
            {name: getattr(child, name) for name in names}
            for child in getattr(page, relation).all()
        ]
        if current == wanted:
            return False
        setattr(page, relation, [child_model(**row) for row in wanted])
        return True
