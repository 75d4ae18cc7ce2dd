"""
Loads the demo site: ``DemoLoader(...).run()`` does everything, in one transaction.

Every step finds what an earlier run made (pages by slug under their parent, snippets
by name, images and the PDF by title, translations by translation key) and updates
it in place, so running the loader again changes nothing that is already right.
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from cms.core.models import Organisation, Person, SiteSettings, SiteText, Theme
from cms.core.roles import apply_roles
from cms.progress import Progress

from .content import ALL_PAGES
from .content import report as report_content
from .content import site as site_content
from .content.images import IMAGES
from .content.snippets import ORGANISATIONS, PEOPLE, THEMES
from .images import get_or_create_image
from .pages import PageBuilder
from .pdf import get_or_create_document
from .registry import Registry
from .translation import Translator

COLLECTION_NAME = "Demo content"
SNIPPET_MODELS = {"theme": Theme, "organisation": Organisation, "person": Person}

# The whole site is translated into Spanish, parents before children (ALL_PAGES is
# in that order); snippets first, since pages point to them.
SPANISH_PAGES = [spec.key for spec in ALL_PAGES]
SPANISH_SNIPPETS = [
    *((spec.kind, spec.key) for spec in THEMES),
    *((spec.kind, spec.key) for spec in ORGANISATIONS),
    *((spec.kind, spec.key) for spec in PEOPLE),
]
# The steps the progress counts: images, the document, snippets, English pages, then
# their translations and the site text's.
WORK = (
    len(IMAGES)
    + 1
    + len(THEMES)
    + len(ORGANISATIONS)
    + len(PEOPLE)
    + len(ALL_PAGES)
    + len(SPANISH_SNIPPETS)
    + 1
    + len(SPANISH_PAGES)
)


class DemoLoader:
    def __init__(
        self, stdout=None, style=None, users: bool = True, progress: Progress | None = None
    ):
        self.stdout = stdout
        self.style = style
        self.with_users = users
        self.registry = Registry()
        self.pages_published = 0
        # One step per image, document, snippet, English page and translation.
        self.progress = progress or Progress(0, "", verbosity=0)
        self.progress.update_to(0, WORK)

    def log(self, message: str):
        if self.stdout is not None:
            self.stdout.write(message)

    def success(self, message: str):
        self.log(self.style.SUCCESS(message) if self.style else message)

    def run(self):
        started = time.monotonic()
        with transaction.atomic():
            self.english, self.spanish = self.locales()
            self.collection = self.demo_collection()
            self.images()
            self.document()
            self.snippets()
            self.pages()
            self.site()
            self.translations()
            self.indicators()
            if self.with_users:
                self.users()
            # Who may publish where depends on the page tree just built.
            apply_roles()
            self.log(
                "Roles: Editors publish the general sections; reports and initiatives go "
                "through the Moderation workflow."
            )
        self.progress.close()
        self.elapsed = time.monotonic() - started
        self.summary()
        return self

    # Steps ------------------------------------------------------------------------

    def locales(self):
        english, _ = Locale.objects.get_or_create(language_code="en")
        spanish, _ = Locale.objects.get_or_create(language_code="es")
        self.log("Locales: en (default), es.")
        return english, spanish

    def demo_collection(self):
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=COLLECTION_NAME).first()
        if collection is None:
            collection = root.add_child(name=COLLECTION_NAME)
        return collection

    def images(self):
        created = 0
        for spec in IMAGES:
            image, was_created = get_or_create_image(spec, self.collection)
            self.registry.images[spec.key] = image
            created += was_created
            self.progress.update()
        self.log(f"Images: {len(IMAGES)} in “{COLLECTION_NAME}” ({created} created).")

    def document(self):
        document, state = get_or_create_document(report_content.DOCUMENT_TITLE, self.collection)
        self.registry.documents["progress-points-3"] = document
        self.progress.update()
        self.log(f"Document: “{document.title}” ({state}).")

    def snippets(self):
        for label, specs in (("Themes", THEMES), ("Organisations", ORGANISATIONS)):
            self._snippets(label, specs)
        self._snippets("People (fictional)", PEOPLE)

    def _snippets(self, label, specs):
        created = updated = 0
        for spec in specs:
            model = SNIPPET_MODELS[spec.kind]
            found = model._default_manager.filter(name=spec.lookup, locale=self.english).first()
            is_new = found is None
            instance = model(name=spec.lookup, locale=self.english) if found is None else found
            values = {}
            for name, value in spec.fields.items():
                attname = getattr(model._meta.get_field(name), "attname", name)
                values[attname] = self.registry.value(value, f"{spec.kind}:{spec.key}.{name}")
            if self._set_fields(instance, values):
                instance.full_clean()
                instance.save()
                created += is_new
                updated += not is_new
            self.registry.snippets[(spec.kind, spec.key)] = instance
            self.progress.update()
        self.log(f"{label}: {len(specs)} ({created} created, {updated} updated).")

    def pages(self):
        builder = PageBuilder(self.registry, self.english, self.log)
        for spec in ALL_PAGES:
            builder.ensure(spec)
        for spec in ALL_PAGES:
            builder.build(spec)
            self.progress.update()
        self.pages_published = builder.published
        self.log(
            f"Pages: {len(ALL_PAGES)} English pages ({builder.created} created, "
            f"{builder.published} published, {builder.unchanged} already up to date)."
        )

    def site(self):
        home = self.registry.pages["home"]
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            site = Site(is_default_site=True)
        wanted = {
            "root_page_id": home.pk,
            "site_name": site_content.SITE_NAME,
            "hostname": site_content.SITE_HOSTNAME,
            "port": site_content.SITE_PORT,
            "is_default_site": True,
        }
        if site.pk is None or any(getattr(site, k) != v for k, v in wanted.items()):
            for name, value in wanted.items():
                setattr(site, name, value)
            site.save()
        self.site_record = site

        site_text = SiteText.objects.filter(
            name=site_content.SITE_TEXT_NAME, locale=self.english
        ).first() or SiteText(name=site_content.SITE_TEXT_NAME, locale=self.english)
        if self._set_fields(site_text, site_content.SITE_TEXT):
            site_text.full_clean()
            site_text.save()
        self.site_text = site_text

        settings = SiteSettings.for_site(site)
        if self._set_fields(settings, {**site_content.SITE_SETTINGS, "site_text_id": site_text.pk}):
            settings.save()
        self.log(
            f"Site: “{site.site_name}” at {site.hostname}:{site.port}, rooted at the home "
            f"page; site settings and site text set."
        )

    def translations(self):
        translator = Translator(self.spanish, self.log)
        for key in SPANISH_SNIPPETS:
            translator.translate(self.registry.snippets[key])
            self.progress.update()
        translator.translate(self.site_text)
        self.progress.update()
        for key in SPANISH_PAGES:
            page = self.registry.pages[key]
            translator.translate(type(page).objects.get(pk=page.pk))
            self.progress.update()
        translator.check_complete()
        self.log(
            f"Spanish: {len(SPANISH_PAGES)} pages, {len(SPANISH_SNIPPETS)} themes, "
            "organisations and people, and the site text "
            f"({translator.saved} saved, {translator.unchanged} already up to date, "
            f"{translator.strings_written} strings written)."
        )

    def indicators(self):
        from . import indicators

        counts = indicators.load(self.english, self.spanish, self.registry.pages)
        self.log(
            f"Indicators: {counts['indicators']} (sample data, marked so) with their Spanish "
            f"translations, {counts['geographies']} geographies, "
            f"{counts['observations']} sample observations."
        )

    def users(self):
        user_model = get_user_model()
        for spec in site_content.DEMO_USERS:
            if user_model.objects.filter(username=spec["username"]).exists():
                self.log(f"User “{spec['username']}” exists; left as it is.")
                continue
            if spec["superuser"]:
                user = user_model.objects.create_superuser(
                    spec["username"], f"{spec['username']}@localhost", spec["password"]
                )
            else:
                user = user_model.objects.create_user(
                    spec["username"], f"{spec['username']}@localhost", spec["password"]
                )
            if spec["group"]:
                group = Group.objects.filter(name=spec["group"]).first()
                if group is None:
                    self.log(f"Group “{spec['group']}” is missing; {user.username} has none.")
                else:
                    user.groups.add(group)
            self.log(f"User “{spec['username']}” created.")

    # Helpers ----------------------------------------------------------------------

    @staticmethod
    def _set_fields(instance, values) -> bool:
        changed = instance.pk is None
        for name, value in values.items():
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed = True
        return changed

    def summary(self):
        def count(queryset):
            english = queryset.filter(locale=self.english).count()
            spanish = queryset.filter(locale=self.spanish).count()
            return f"{english} + {spanish} in Spanish" if spanish else str(english)

        self.success(
            f"Demo content loaded in {self.elapsed:.1f} s: pages "
            f"{count(Page.objects.filter(depth__gte=2))}, images {len(IMAGES)}, documents 1, "
            f"themes {count(Theme.objects)}, organisations {count(Organisation.objects)}, "
            f"people {count(Person.objects)}, site text {count(SiteText.objects)}."
        )
        if self.with_users:
            self.log("")
            self.log("Sign in (local demo only):")
            for spec in site_content.DEMO_USERS:
                self.log(f"  {spec['username']} / {spec['password']}")
            self.log(f"Editor: {site_content.ADMIN_URL}")
            self.log(f"API:    {site_content.API_URL}")
