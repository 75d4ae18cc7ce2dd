import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Page, Site

from tests import factories
from tests.openapi import check_response


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root, slug="metrohartford")
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    old_root.delete()
    return home


@pytest.fixture
def site_tree(home):
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


@pytest.hookimpl(tryfirst=True)  # before pytest-django's stable sort (database tests first)
def pytest_collection_modifyitems(config, items):
    """
    The demo stays from the first test of a module that asks for it to the module's end,
    so in such a module the tests that do not ask for it go first, on the empty database
    they were written for (the sort is stable: files, and tests of each kind, keep their
    order).
    """
    first_of_file = {}
    for index, item in enumerate(items):
        first_of_file.setdefault(item.path, index)
    items.sort(key=lambda item: (first_of_file[item.path], "demo" in item.fixturenames))


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
