"""
/healthz/ (liveness) answers from the process alone; /readyz/ (readiness) checks the
database, the cache and storage, and answers 503 naming the check that failed. (The
database-down case runs against a real server process: tests/test_degraded.py.)
"""

import pytest

from cms import redis_cache
from tests.redis_server import free_port, redis_server, resilient_caches  # noqa: F401


@pytest.mark.django_db
def test_liveness_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_readiness_passes_when_everything_answers(client, settings, redis_server):  # noqa: F811
    redis_cache._outages.clear()
    settings.CACHES = resilient_caches(redis_server.url)
    response = client.get("/readyz/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "ok" and data["failed"] == []
    assert set(data["checks"]) == {"database", "cache", "storage"}
    assert all(check["ok"] for check in data["checks"].values())
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_names_an_unreachable_cache(client, settings):
    redis_cache._outages.clear()
    settings.CACHES = resilient_caches(f"redis://127.0.0.1:{free_port()}/0")  # closed port
    try:
        response = client.get("/readyz/")
        assert response.status_code == 503
        data = response.json()
        assert data["status"] == "unavailable" and data["failed"] == ["cache"]
        assert data["checks"]["database"]["ok"] and data["checks"]["storage"]["ok"]
        assert "uncached" in data["checks"]["cache"]["error"]
        # The API still answers, uncached.
        assert client.get("/api/v3/pages/")["X-Cache"] == "BYPASS"
    finally:
        redis_cache._outages.clear()


@pytest.mark.django_db
def test_readiness_names_unwritable_storage(client, settings, tmp_path):
    not_a_folder = tmp_path / "media"
    not_a_folder.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(not_a_folder)},
        },
    }
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
