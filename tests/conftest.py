import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase
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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """
    The demo content, loaded once for a whole test module and rolled back after it, as
    after a real commit (what the worker would do once it commits is run: the report's
    PDF text is extracted, its pages indexed).
    """
    from django.core.cache import cache

    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo_content", "--no-users", stdout=io.StringIO())
        yield
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
