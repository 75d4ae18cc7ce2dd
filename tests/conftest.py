import uuid

import pytest
from django.db import transaction
from django.test import Client

from tests.openapi import check_response
from tests.shared import (
    MODULE_SHARED,
    built_once_per_module,
    make_home,
    make_site_tree,
    read_again,
)


@pytest.fixture(scope="module")
def _shared_site_tree(request, django_db_setup, django_db_blocker):
    """``site_tree`` built once for a whole test module (tests/shared.py)."""
    with built_once_per_module(
        request, django_db_blocker, lambda: make_site_tree(make_home())
    ) as built:
        yield built


@pytest.fixture
def home(request, db):
    """A HomePage as the default site's root, in place of Wagtail's welcome page."""
    # A test that also asks for data shared by its module (whose home is the site's
    # root) gets that home.
    for name in sorted(MODULE_SHARED.intersection(request.fixturenames)):
        return request.getfixturevalue(name)["home"]
    return make_home()


@pytest.fixture
def site_tree(request, _shared_site_tree, db):
    """One published page of every type, in the tree the content model allows."""
    if _shared_site_tree is None:
        return make_site_tree(make_home())
    return read_again(_shared_site_tree)


@pytest.hookimpl(tryfirst=True)  # before pytest-django's stable sort (database tests first)
def pytest_collection_modifyitems(config, items):
    """
    The demo and the data shared by a module (tests/shared.py) stay from the first test
    of a module that asks for them to the module's end, so in such a module the tests
    that ask for neither go first, on the empty database they were written for, then
    those on the shared data, then those on the demo (the sort is stable: files, and
    tests of each kind, keep their order).
    """
    first_of_file = {}
    for index, item in enumerate(items):
        first_of_file.setdefault(item.path, index)
    items.sort(
        key=lambda item: (
            first_of_file[item.path],
            not MODULE_SHARED.isdisjoint(item.fixturenames),
            "demo" in item.fixturenames,
        )
    )


def _is_xdist_controller(config) -> bool:
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", 0))


def pytest_configure(config):
    # The run's id, known before the workers start, names the folder where they share
    # the demo build (tests/demo_database.py); the controller removes it at the end.
    if _is_xdist_controller(config) and not config.option.testrunuid:
        config.option.testrunuid = uuid.uuid4().hex


def pytest_sessionfinish(session):
    if _is_xdist_controller(session.config):
        from pytest_django.plugin import blocking_manager_key

        from tests import demo_database

        with session.config.stash[blocking_manager_key].unblock():
            demo_database.remove_shared(session.config.option.testrunuid)


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


# The site search's engine the tests run on: ``database`` (the default) or
# ``opensearch`` (an osmem-server per worker, tests/opensearch_server.py), which CI runs
# as an extra pass over the search tests.
from tests.opensearch_server import ENGINE as SITE_SEARCH_ENGINE  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _site_search_cluster():
    """With ``TEST_SITE_SEARCH_ENGINE=opensearch``, the worker's cluster, searched by the API."""
    if SITE_SEARCH_ENGINE != "opensearch":
        yield None
        return
    from django.conf import settings

    from tests.opensearch_server import OpenSearchServer, binary, site_search

    if binary() is None:
        raise RuntimeError("TEST_SITE_SEARCH_ENGINE=opensearch needs osmem-server installed")
    server = OpenSearchServer()
    server.start()
    before = settings.SITE_SEARCH
    settings.SITE_SEARCH = site_search(server.url)
    yield server
    settings.SITE_SEARCH = before
    server.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """
    On the OpenSearch engine, the cluster's index written again from the database's
    before each test that uses the database, once its fixtures are set up: the database
    rolls back what the test before changed, the cluster cannot.
    """
    uses_database = item.get_closest_marker("django_db") or not {
        "db",
        "transactional_db",
    }.isdisjoint(item.fixturenames)
    if SITE_SEARCH_ENGINE == "opensearch" and uses_database:
        from search import mirror
        from search.backends import opensearch

        if opensearch.enabled():
            mirror.rebuild()
    return (yield)


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
