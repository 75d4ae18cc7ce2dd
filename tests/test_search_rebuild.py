"""
A rebuild of the site search never empties live search: it writes a new generation of
the index aside while searches read the live one, then swaps (``search.generations``).
"""

from unittest import mock

import pytest
from django.core.cache import cache

from search import generations, indexer
from search.models import Entry
from tests import factories
from tests.test_search import _shared_content, content  # noqa: F401 (fixtures)

URL = "/api/v3/search/"
QUERIES = ["insurance", "millennials", "aerospace", "talent"]


def answers(client) -> dict[str, list[str]]:
    cache.clear()  # ask the index, not the API cache
    found = {}
    for q in QUERIES:
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        found[q] = [hit["path"] for hit in response.json()["results"]]
    return found


@pytest.mark.django_db
def test_search_answers_alike_at_every_step_of_a_rebuild(client, content):  # noqa: F811
    before = answers(client)
    assert all(before.values())
    during = []
    indexer.rebuild(batch_size=2, on_batch=lambda done, total: during.append(answers(client)))
    assert len(during) >= 3  # several batches were written aside
    assert all(seen == before for seen in during)
    assert answers(client) == before
    # Only the new generation is left.
    assert set(Entry.objects.values_list("generation", flat=True)) == {generations.live()}


@pytest.mark.django_db
def test_a_page_published_during_a_rebuild_is_found_after_the_swap(
    client,
    content,  # noqa: F811
    home,
    django_capture_on_commit_callbacks,
):
    published = []

    def publish_once(done, total):
        if published:
            return
        page = factories.ContentPageFactory(parent=home, title="Quokka habitats", slug="quokka")
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        published.append(page)
        # Found at once, from the live generation, while the rebuild goes on.
        assert answers_for(client, "quokka") == ["/quokka/"]

    indexer.rebuild(batch_size=2, on_batch=publish_once)
    assert published
    assert answers_for(client, "quokka") == ["/quokka/"]


def answers_for(client, q: str) -> list[str]:
    cache.clear()
    return [hit["path"] for hit in client.get(URL, {"q": q}).json()["results"]]


@pytest.mark.django_db
def test_a_rebuild_that_fails_leaves_live_search_as_it_was(client, content):  # noqa: F811
    before = answers(client)
    live = generations.live()
    real_write_rows = indexer.write_rows
    calls = []

    def fails_midway(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the disk filled up")
        return real_write_rows(*args, **kwargs)

    with mock.patch.object(indexer, "write_rows", fails_midway), pytest.raises(RuntimeError):
        indexer.rebuild(batch_size=2)
    assert generations.live() == live
    assert answers(client) == before
    # The half-written generation is gone, and the next rebuild works.
    assert set(Entry.objects.values_list("generation", flat=True)) == {live}
    indexer.rebuild()
    assert answers(client) == before
