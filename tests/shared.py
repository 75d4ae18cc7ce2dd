"""
Test data built once per module, as Django's ``setUpTestData`` does: in a transaction
open until the module ends, each test in a savepoint rolled back after it, so what one
test changes the next never sees.

A module-scoped fixture builds it with ``built_once_per_module``; the test's own fixture
gives each test fresh copies with ``read_again`` (the test before may have changed its
own). The fixtures that do so are named in ``MODULE_SHARED``, so that the tests of a
module that ask for none of them run before the first that does, on the empty database
they were written for (tests/conftest.py orders them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import models, transaction
from wagtail.models import Page, Site

from tests import factories

MODULE_SHARED = frozenset({"site_tree", "content"})

Built = dict[str, tuple[type[models.Model], int]]


def module_items(request) -> list:
    return [item for item in request.session.items if item.path == request.path]


def commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@contextmanager
def built_once_per_module(
    request, django_db_blocker, build: Callable[[], dict[str, models.Model]]
) -> Iterator[Built | None]:
    """
    What ``build`` made, as model and primary key by name, for the module's tests. None
    (each test builds its own) in a module that also loads the demo, which needs an
    empty database, or that has tests committing for real (``transaction=True``).
    """
    from django.core.cache import cache

    if any("demo" in item.fixturenames or commits(item) for item in module_items(request)):
        yield None
        return
    with django_db_blocker.unblock(), transaction.atomic():
        yield as_built(build())
        transaction.set_rollback(True)
    cache.clear()


def as_built(objects: dict[str, models.Model]) -> Built:
    return {name: (type(obj), obj.pk) for name, obj in objects.items()}


def read_again(built: Built) -> dict:
    """Fresh objects from the database; pages as their specific type."""
    return {
        name: Page.objects.get(pk=pk).specific
        if issubclass(model, Page)
        else model._default_manager.get(pk=pk)
        for name, (model, pk) in built.items()
    }


def make_home() -> Page:
    """A HomePage as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root, slug="metrohartford")
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    old_root.delete()
    return home


def make_site_tree(home: Page) -> dict[str, Page]:
    """One published page of every type, in the tree the content model allows."""
    section = factories.ContentPageFactory(parent=home, title="Business insights")
    initiatives = factories.InitiativeIndexPageFactory(parent=home, slug="initiatives")
    initiative = factories.InitiativePageFactory(parent=initiatives, title="Global Reach")
    reports = factories.ReportIndexPageFactory(parent=section, slug="reports")
    report = factories.ReportPageFactory(parent=reports, title="Progress Points")
    industries = factories.IndustryIndexPageFactory(parent=home, slug="key-industries")
    industry = factories.IndustryProfilePageFactory(parent=industries, title="Insurance")
    pages = {
        "home": home,
        "content": section,
        "initiative_index": initiatives,
        "initiative": initiative,
        "report_index": reports,
        "report": report,
        "industry_index": industries,
        "industry": industry,
    }
    for page in pages.values():
        page.save_revision().publish()
    return pages
