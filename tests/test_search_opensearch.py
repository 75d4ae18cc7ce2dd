"""
The site search on OpenSearch against a server of the test's own (osmem-server,
tests/opensearch_server.py), whatever engine the rest of the suite runs on: an outage
answers 503 (or the database's answer with the fallback), never a 500; the worker's
copy follows publishing and catches up once the cluster is back; a rebuild swaps an
alias so live search never empties; what the cluster still holds is checked against
the database at query time.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search import mirror
from search.backends import opensearch
from tests import factories
from tests.opensearch_server import opensearch_server, site_search  # noqa: F401 (fixture)

URL = "/api/v3/search/"


@pytest.fixture
def cluster(opensearch_server, settings):  # noqa: F811 (the fixture imported above)
    """The site search pointed at the test's own server."""
    settings.SITE_SEARCH = site_search(opensearch_server.url, INDEX_PREFIX="mha_drill")
    return opensearch_server


@pytest.fixture
def reports(home):
    index = factories.ReportIndexPageFactory(parent=home, slug="reports")
    index.save_revision().publish()
    report = factories.ReportPageFactory(
        parent=index,
        title="Progress Points",
        slug="progress-points",
        summary="Millennials and the busway.",
    )
    report.save_revision().publish()
    return {"index": index, "report": report}


def titles(client, q: str, **params) -> list[str]:
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200, response.content
    return [hit["title"] for hit in response.json()["results"]]


def documents_of(page_id: int) -> int:
    found = opensearch.call(
        "count", index=opensearch.alias(), body={"query": {"term": {"page_id": page_id}}}
    )
    return int(found["count"])


@pytest.mark.django_db
def test_answers_come_from_the_cluster_and_an_outage_is_a_503(client, cluster, reports):
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    assert titles(client, "millennials") == ["Progress Points"]
    assert client.get(f"{URL}suggest/", {"q": "progr"}).json()["suggestions"][0]["title"] == (
        "Progress Points"
    )

    cluster.stop()
    cache.clear()
    for path, params in ((URL, {"q": "millennials"}), (f"{URL}suggest/", {"q": "progr"})):
        response = client.get(path, params)
        assert response.status_code == 503, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert int(response["Retry-After"]) > 0
        assert response.json()["status"] == 503
    # Popular searches read the search log in the database: nothing to ask the cluster.
    assert client.get(f"{URL}popular/").status_code == 200


@pytest.mark.django_db
def test_with_the_fallback_the_database_answers_during_an_outage(
    client, cluster, reports, settings
):
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    settings.SITE_SEARCH = {**settings.SITE_SEARCH, "FALLBACK": "database"}
    cluster.stop()
    assert titles(client, "millennials") == ["Progress Points"]
    data = client.get(URL, {"q": "milenials"}).json()
    assert data["suggestion"] == "millennials"
    assert client.get(f"{URL}suggest/", {"q": "progr"}).json()["suggestions"]


@pytest.mark.django_db
def test_the_copy_follows_publishing_and_catches_up_after_an_outage(
    client, cluster, reports, django_capture_on_commit_callbacks
):
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    report = reports["report"]
    report.title = "Progress Points 2026"
    report.save_revision().publish()
    assert titles(client, "millennials") == ["Progress Points 2026"]

    cluster.stop()
    brief = factories.ReportPageFactory(
        parent=reports["index"], title="Aerospace brief", slug="brief", summary="Jet engines."
    )
    # The worker's copy fails and is queued again (here: once the change commits).
    with django_capture_on_commit_callbacks(execute=False) as retries:
        brief.save_revision().publish()
    assert retries
    cluster.start()  # empty, as a cluster that lost its data
    for retry in retries:
        retry()
    cache.clear()
    assert titles(client, "engines") == ["Aerospace brief"]
    # Everything else comes back with a rebuild.
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    assert titles(client, "millennials") == ["Progress Points 2026"]


@pytest.mark.django_db
def test_unpublished_restricted_and_deleted_pages_leave_the_copy(client, cluster, reports):
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    report = reports["report"]
    assert documents_of(report.pk) == 1
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    assert documents_of(report.pk) == 0
    assert titles(client, "millennials") == []
    PageViewRestriction.objects.filter(page=report).delete()
    assert documents_of(report.pk) == 1
    report.unpublish()
    assert documents_of(report.pk) == 0
    report.save_revision().publish()
    assert documents_of(report.pk) == 1
    report_id = report.pk
    report.delete()
    assert documents_of(report_id) == 0


@pytest.mark.django_db
def test_what_the_cluster_still_holds_is_checked_at_query_time(
    client, cluster, reports, monkeypatch
):
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    # The worker has not copied the change yet: the cluster still holds the page.
    monkeypatch.setattr(mirror, "changed", lambda *args, **kwargs: None)
    reports["report"].unpublish()
    assert documents_of(reports["report"].pk) == 1
    cache.clear()
    data = client.get(URL, {"q": "millennials"}).json()
    assert data["results"] == [] and data["total"] == 0


@pytest.mark.django_db
def test_a_rebuild_swaps_an_alias_and_search_never_empties(client, cluster, reports, monkeypatch):
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    (first,) = opensearch.call("indices.get_alias", name=opensearch.alias())
    seen_during_build = []
    write = mirror.bulk

    def bulk_and_search(index, docs):
        write(index, docs)
        cache.clear()
        seen_during_build.append(titles(client, "millennials"))

    monkeypatch.setattr(mirror, "bulk", bulk_and_search)
    call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
    assert seen_during_build and all(seen == ["Progress Points"] for seen in seen_during_build)
    (second,) = opensearch.call("indices.get_alias", name=opensearch.alias())
    assert second != first
    assert not opensearch.call("indices.exists", index=first)
    assert titles(client, "millennials") == ["Progress Points"]


@pytest.mark.django_db
def test_a_rebuild_while_the_cluster_is_down_fails_clearly(cluster, reports):
    from django.core.management.base import CommandError

    cluster.stop()
    with pytest.raises(CommandError, match="OpenSearch did not answer"):
        call_command("rebuild_site_search", "--opensearch-only", verbosity=0)
