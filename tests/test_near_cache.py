"""
The near cache (cms/api/near_cache.py): with Redis, each process serves the answers it
read recently from memory, with no round trip, until Redis pushes a change made by any
process; then it reads them from Redis again. Run against the test's own Redis.
"""

from __future__ import annotations

import pickle
import time

import pytest
import redis
from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction

from cms.api import cache as api_cache
from cms.api import visibility
from tests.redis_server import redis_server  # noqa: F401
from tests.test_degraded import redis_cache_server  # noqa: F401

pytestmark = pytest.mark.django_db


def calls(server, *commands: str) -> int:
    """How many of ``commands`` Redis has answered so far, from any client."""
    stats = server.cli("info", "commandstats")
    total = 0
    for line in stats.splitlines():
        if line.startswith(tuple(f"cmdstat_{command}:" for command in commands)):
            total += int(line.split("calls=")[1].split(",")[0])
    return total


def reads(server) -> int:
    return calls(server, "get", "mget")


def served_from_memory(client, path: str) -> None:
    """Ask until the answer is a hit that Redis was not asked for."""
    for _ in range(4):
        client.get(path)
    assert client.get(path)["X-Cache"] == "HIT"


def change_elsewhere(server, page: Page, title: str) -> None:
    """
    What another process's publish does, without this process hearing of it: the title
    changes in the database and the page's tag and the generation in Redis, written by a
    connection of its own.
    """
    Page.objects.filter(pk=page.pk).update(title=title)
    other = redis.Redis.from_url(server.url)
    token = pickle.dumps("changed-elsewhere", pickle.HIGHEST_PROTOCOL)
    for key in (api_cache.TAG_PREFIX + f"page:{page.pk}", api_cache.GENERATION_KEY):
        other.set(cache.make_and_validate_key(key), token)
    other.close()


@pytest.fixture
def report_in_memory(client, site_tree, redis_cache_server):  # noqa: F811
    """The report's detail, served from this process's memory; the report and its path."""
    report = site_tree["report"]
    path = f"/api/v3/pages/{report.pk}/"
    served_from_memory(client, path)
    return report, path


def test_a_hit_is_served_from_memory_without_asking_redis(client, site_tree, redis_cache_server):  # noqa: F811
    path = f"/api/v3/pages/{site_tree['report'].pk}/"
    served_from_memory(client, path)
    before = reads(redis_cache_server)
    for _ in range(20):
        response = client.get(path)
        assert response["X-Cache"] == "HIT"
        assert response.json()["title"] == "Progress Points"
    assert reads(redis_cache_server) == before


def test_a_change_another_process_makes_is_never_served_from_memory(
    client,
    report_in_memory,
    redis_cache_server,  # noqa: F811
):
    report, path = report_in_memory

    change_elsewhere(redis_cache_server, report, "Progress Points, changed elsewhere")

    response = client.get(path)
    assert response["X-Cache"] == "MISS"
    assert response.json()["title"] == "Progress Points, changed elsewhere"


def test_an_answer_a_change_did_not_touch_stays_in_memory_through_it(
    client,
    site_tree,
    redis_cache_server,  # noqa: F811
):
    industry = f"/api/v3/pages/{site_tree['industry'].pk}/"
    served_from_memory(client, industry)
    change_elsewhere(redis_cache_server, site_tree["report"], "Progress Points, again")

    before = reads(redis_cache_server)
    assert client.get(industry)["X-Cache"] == "HIT"  # its tags did not change
    assert reads(redis_cache_server) == before  # nor was Redis asked


def test_a_flush_of_redis_empties_the_memory_too(client, report_in_memory, redis_cache_server):  # noqa: F811
    report, path = report_in_memory
    Page.objects.filter(pk=report.pk).update(title="Progress Points, after a flush")
    redis.Redis.from_url(redis_cache_server.url).flushdb()

    response = client.get(path)
    assert response["X-Cache"] == "MISS"
    assert response.json()["title"] == "Progress Points, after a flush"


def test_a_publish_in_this_process_is_seen_at_once(client, report_in_memory, redis_cache_server):  # noqa: F811
    report, path = report_in_memory
    report.title = "Progress Points, published here"
    report.save_revision().publish()
    assert client.get(path).json()["title"] == "Progress Points, published here"


def test_after_redis_restarts_nothing_is_served_from_memory_unread(
    client,
    report_in_memory,
    redis_cache_server,  # noqa: F811
):
    report, path = report_in_memory
    redis_cache_server.stop(save=True)
    assert client.get(path)["X-Cache"] == "BYPASS"
    # Changed while Redis was away, by a process this one never hears from.
    Page.objects.filter(pk=report.pk).update(title="Progress Points, changed while away")
    redis_cache_server.start()
    change_elsewhere(redis_cache_server, report, "Progress Points, changed while away")
    time.sleep(0.3)  # past the back-off (tests/redis_server.py: 0.2 s)
    assert client.get(path).json()["title"] == "Progress Points, changed while away"


def test_memory_is_bounded(client, site_tree, redis_cache_server, settings):  # noqa: F811
    settings.API_CACHE = {**getattr(settings, "API_CACHE", {}), "NEAR_BYTES": 6_000}
    paths = [f"/api/v3/pages/{page.pk}/" for page in site_tree.values()]
    for path in paths:
        served_from_memory(client, path)
    near = api_cache._near()
    assert near is not None
    assert 0 < near.size <= 6_000
    assert 0 < len(near.entries) < len(paths)


def test_a_restriction_added_elsewhere_is_heard_of_by_the_next_answer(
    client,
    site_tree,
    redis_cache_server,  # noqa: F811
):
    report = site_tree["report"]
    served_from_memory(client, f"/api/v3/pages/{report.pk}/")  # restrictions remembered
    # Another process restricts the report: the row, and the cached paths dropped.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=report, restriction_type=PageViewRestriction.LOGIN)]
    )
    other = redis.Redis.from_url(redis_cache_server.url)
    other.delete(cache.make_and_validate_key(visibility.RESTRICTIONS_KEY))
    other.close()

    listed = client.get("/api/v3/pages/", {"type": "reports.ReportPage"}).json()["items"]
    assert report.pk not in {item["id"] for item in listed}


def test_a_cold_answer_reads_the_site_s_roots_from_memory_until_wagtail_drops_them(
    client,
    site_tree,
    redis_cache_server,  # noqa: F811
    settings,
):
    # Cold (no response cache): the site's root paths, which every answer reads, come
    # from memory; what else it reads (images' payloads, PDF sections) in one MGET.
    settings.API_CACHE = {**settings.API_CACHE, "ENABLED": False}
    path = f"/api/v3/pages/{site_tree['report'].pk}/"
    for _ in range(3):
        assert client.get(path)["X-Cache"] == "BYPASS"
    gets, mgets = calls(redis_cache_server, "get"), calls(redis_cache_server, "mget")
    assert client.get(path).status_code == 200
    assert calls(redis_cache_server, "get") == gets
    assert calls(redis_cache_server, "mget") - mgets <= 1
    # Another process changes a site: Wagtail deletes its entry, and Redis says so.
    other = redis.Redis.from_url(redis_cache_server.url)
    other.delete(cache.make_and_validate_key("wagtail_site_root_paths", version=2))
    other.close()
    time.sleep(0.05)
    assert client.get(path).status_code == 200
    assert calls(redis_cache_server, "get") > gets  # read again, not from memory
