import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Page, Site

from tests import factories
from tests.openapi import check_response


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


def _module_items(request) -> list:
    return [item for item in request.session.items if item.path == request.path]


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.fixture(scope="module")
def _shared_site_tree(request, django_db_setup, django_db_blocker):
    """
    ``site_tree`` built once for a whole test module, as Django's ``setUpTestData`` does:
    in a transaction open until the module ends, each test in a savepoint rolled back
    after it, so what one test changes the next never sees. None (each test builds its
    own) in a module that also loads the demo, which needs an empty database, and for
    tests that commit for real (``transaction=True``).
    """
    from django.core.cache import cache

    items = _module_items(request)
    if any("demo" in item.fixturenames or _commits(item) for item in items):
        yield None
        return
    with django_db_blocker.unblock(), transaction.atomic():
        ids = {name: page.pk for name, page in make_site_tree(make_home()).items()}
        yield ids
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def home(request, db):
    """A HomePage as the default site's root, in place of Wagtail's welcome page."""
    if "site_tree" in request.fixturenames:
        return request.getfixturevalue("site_tree")["home"]
    return make_home()


@pytest.fixture
def site_tree(request, _shared_site_tree, db):
    """One published page of every type, in the tree the content model allows."""
    if _shared_site_tree is None:
        return make_site_tree(make_home())
    # Fresh objects for each test: the one before may have changed its own copies.
    return {name: Page.objects.get(pk=pk).specific for name, pk in _shared_site_tree.items()}


@pytest.hookimpl(tryfirst=True)  # before pytest-django's stable sort (database tests first)
def pytest_collection_modifyitems(config, items):
    """
    The demo and the shared ``site_tree`` stay from the first test of a module that asks
    for them to the module's end, so in such a module the tests that ask for neither go
    first, on the empty database they were written for, then those on the page tree,
    then those on the demo (the sort is stable: files, and tests of each kind, keep
    their order).
    """
    first_of_file = {}
    for index, item in enumerate(items):
        first_of_file.setdefault(item.path, index)
    items.sort(
        key=lambda item: (
            first_of_file[item.path],
            "site_tree" in item.fixturenames,
            "demo" in item.fixturenames,
        )
    )


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The demo content, built the first time a test asks for it (tests/demo_database.py)."""
    from tests import demo_database

    with django_db_blocker.unblock():
        database = demo_database.build()
    yield database
    with django_db_blocker.unblock():
        database.discard()


@pytest.fixture(scope="module")
def demo(demo_database, django_db_blocker):
    """
    The demo content for a whole test module, as ``load_demo_content`` left it (with the
    report's PDF text extracted and its pages indexed, as after the load's commit); what
    the module's tests change is rolled back after it.
    """
    from django.core.cache import cache

    cache.clear()
    with django_db_blocker.unblock(), demo_database.loaded(), transaction.atomic():
        yield demo_database
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a fresh deployment would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class ContractCheckingClient(Client):
    """Django's test client, checking every API response against the OpenAPI document."""

    def request(self, **request):
        response = super().request(**request)
        check_response(request["REQUEST_METHOD"], request["PATH_INFO"], response)
        return response


@pytest.fixture
def client():
    return ContractCheckingClient()


@pytest.fixture
def admin_client(db, admin_user):
    client = ContractCheckingClient()
    client.force_login(admin_user)
    return client
