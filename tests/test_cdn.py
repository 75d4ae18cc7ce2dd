"""
The CDN's side of the API: the cache tags and TTL every cacheable answer carries, the
purge each change queues in the outbox, and each hosted CDN's purger against a stand-in
of its API on loopback (tests/cdn_standin.py) that checks what a real one would. Varnish
itself is in tests/test_cdn_varnish.py.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Collection, CollectionViewRestriction

from cms import request_id
from cms.api import cdn
from cms.api.fastpath import CachedReads
from cms.settings.base import cdn_purgers
from publishing import delivery, purgers, purges
from publishing.models import PurgeRequest
from tests import factories
from tests.cdn_standin import Request, StandIn
from tests.test_fastpath import call, keep_connections
from tests.test_webhooks import DATABASE_TASKS, run_worker

__all__ = ["keep_connections"]  # the fixture

ZONE, TOKEN = "023e105f4ecef8ad9ca31a8372d0c353", "cf-token-for-tests"
SERVICE, FASTLY_KEY = "SU1Z0isxPaozGVKXdv0eY", "fastly-key-for-tests"
DISTRIBUTION, ACCESS_KEY, SECRET_KEY = "EDFDVBD6EXAMPLE", "AKIDEXAMPLE", "secret/for+tests"


@pytest.fixture
def stand_in():
    server = StandIn().start()
    yield server
    server.stop()


def purging(name: str, **options):
    return override_settings(
        CDN_PURGERS={name: {"BACKEND": f"publishing.purgers.{name}.Purger", **options}},
        CDN={
            **settings.CDN,
            "API_URL": "https://cms.example.org",
            "FRONTEND_URL": "https://www.example.org",
        },
    )


def publish(page, capture, title=None):
    if title:
        page.title = title
    with capture(execute=True):
        page.save_revision().publish()


# Headers -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_public_answer_carries_its_tags_hit_miss_and_304(client, site_tree):
    report = site_tree["report"]
    url = f"/api/v3/pages/{report.pk}/"
    miss = client.get(url)
    hit = client.get(url)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    for answer in (miss, hit):
        keys = answer["xkey"].split(" ")
        assert f"page:{report.pk}" in keys and f"translations:{report.translation_key}" in keys
        assert answer["Surrogate-Key"] == answer["xkey"]
        assert answer["Cache-Tag"] == ",".join(keys)
        # No purger configured: the CDN keeps answers as long as s-maxage says.
        assert answer["Surrogate-Control"] == "max-age=300, stale-while-revalidate=600"
        assert answer["CDN-Cache-Control"] == answer["Surrogate-Control"]
    not_modified = client.get(url, headers={"if-none-match": hit["ETag"]})
    assert not_modified.status_code == 304 and not_modified["xkey"] == hit["xkey"]
    # An answer for one visitor tells a CDN nothing.
    private = client.get(url, headers={"authorization": "Bearer nope"})
    assert private["Cache-Control"] == "private, no-store"
    assert not {"xkey", "Cache-Tag", "Surrogate-Key", "Surrogate-Control"} & set(private.headers)


@pytest.mark.django_db
def test_the_fast_path_and_a_404_carry_them_too(client, site_tree, keep_connections):
    app = CachedReads(WSGIHandler())
    path = f"/api/v3/pages/{site_tree['industry'].pk}/"
    _, built, _ = call(app, path)
    _, fast, _ = call(app, path)
    assert fast["X-Cache"] == "HIT"
    for name in ("xkey", "Cache-Tag", "Surrogate-Key", "Surrogate-Control"):
        assert fast[name] == built[name]
    missing = client.get("/api/v3/route/?path=/nothing-here/")
    assert missing.status_code == 404
    home = site_tree["home"].url_path
    assert f"path:{home}nothing-here/" in missing["xkey"].split()


@pytest.mark.django_db
def test_with_a_purger_the_cdn_keeps_answers_a_day_and_only_its_header_is_sent(
    client, site_tree, stand_in
):
    with purging("fastly", SERVICE_ID=SERVICE, TOKEN=FASTLY_KEY, API_URL=stand_in.url):
        conf = {**settings.CDN, "MAX_AGE": 86400, "TAG_HEADERS": ["Surrogate-Key"]}
        with override_settings(CDN=conf):
            answer = client.get(f"/api/v3/pages/{site_tree['report'].pk}/")
    assert answer["Surrogate-Control"] == "max-age=86400, stale-while-revalidate=600"
    assert "Surrogate-Key" in answer and "xkey" not in answer and "Cache-Tag" not in answer


def test_tags_in_headers_are_short_and_plain_whatever_editors_typed():
    assert cdn.header_tag("page:12") == "page:12"
    for tag in ("tag:" + "x" * 80, "tag:caf%C3%A9 y, z", "path:/home/" + "a/" * 60):
        sent = cdn.header_tag(tag)
        assert cdn.SAFE_TAG.fullmatch(sent) and len(sent) <= 64
        assert sent.startswith(tag.split(":")[0] + ":~")
        assert sent == cdn.header_tag(tag) != cdn.header_tag(tag + "!")
    assert cdn.header_tag("odd tag") == "x:~" + cdn.header_tag("odd tag").split("~")[1]


def test_too_many_tags_fall_back_to_a_coarse_tag_that_every_purge_sends():
    tags = {f"page:{n}" for n in range(400)} | {"listing", "type:reports.reportpage"}
    sent = cdn.answer_tags(tags, limit=300)
    assert "all:page" in sent and not any(t.startswith("page:") for t in sent)
    assert {"listing", "type:reports.reportpage"} <= set(sent)
    assert cdn._length(sent) <= 300
    # A change of one of those pages purges all:page, so the coarse answer goes too.
    assert {"page:7", "all:page"} <= set(cdn.purge_tags({"page:7"}))
    # Under the limit, nothing is coarsened.
    assert cdn.answer_tags({"page:1", "page:2"}, limit=300) == ["page:1", "page:2"]


@pytest.mark.django_db
def test_a_listing_past_the_limit_sends_the_coarse_tag(client, site_tree):
    with override_settings(CDN={**settings.CDN, "TAG_HEADER_BYTES": 60}):
        answer = client.get("/api/v3/pages/?limit=100")
    keys = answer["xkey"].split()
    assert "all:page" in keys and len(answer["xkey"]) <= 60


# The purge each change queues ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_publish_queues_one_purge_per_purger_with_its_tags_and_urls(site_tree):
    report = site_tree["report"]
    with purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN, API_URL="http://127.0.0.1:9"):
        report.save_revision().publish()  # the test's transaction never commits
    purge = PurgeRequest.objects.get()
    assert (purge.backend, purge.event, purge.status) == ("cloudflare", "page.published", "pending")
    assert {f"page:{report.pk}", "listing", "all:page", "all:path"} <= set(purge.tags)
    assert "search" in purge.tags  # the search index changed in the same transaction
    assert f"https://cms.example.org/api/v3/pages/{report.pk}/" in purge.urls
    assert (
        "https://cms.example.org/api/v3/route/?path=%2Fbusiness-insights%2Freports%2Fprogress-points%2F"
        in purge.urls
    )
    assert "https://www.example.org/business-insights/reports/progress-points/" in purge.urls


@pytest.mark.django_db
def test_nothing_is_queued_without_a_purger_or_when_the_change_rolls_back(site_tree):
    site_tree["report"].save_revision().publish()
    assert not PurgeRequest.objects.exists()
    with (
        purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        site_tree["industry"].save_revision().publish()
        raise RuntimeError("the change fails after the publish")
    assert not PurgeRequest.objects.exists()


@pytest.mark.django_db
def test_images_snippets_and_restrictions_purge_their_tags_one_purge_per_transaction(site_tree):
    with purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN):
        image = factories.ImageFactory()
        person = factories.PersonFactory()
        CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node(), restriction_type="login"
        )
        # The changes of one transaction (here the test's) share one purge per purger.
        [purge] = PurgeRequest.objects.all()
        assert {
            f"wagtailimages.image:{image.pk}",
            f"core.person:{person.pk}",
            "collection-restrictions",
        } <= set(purge.tags)
        with transaction.atomic():  # a savepoint that rolls back takes its tags with it
            factories.OrganisationFactory()
            transaction.set_rollback(True)
        factories.ThemeFactory()  # and the purge is not added to after it
    assert PurgeRequest.objects.count() == 2
    purge.refresh_from_db()
    assert not any(tag.startswith("core.organisation:") for tag in purge.tags)


# Hosted CDNs, against stand-ins ---------------------------------------------------------------


def cloudflare_checks(request: Request) -> tuple[int, dict[str, str], bytes]:
    """What Cloudflare's purge_cache wants: its path, a bearer token, 30 tags or files."""
    body = request.json
    ok = (
        request.method == "POST"
        and request.path == f"/client/v4/zones/{ZONE}/purge_cache"
        and request.headers["authorization"] == f"Bearer {TOKEN}"
        and request.headers["content-type"] == "application/json"
        and len(body) == 1
        and (field := next(iter(body))) in ("tags", "files")
        and 1 <= len(body[field]) <= 30
    )
    answer = b'{"success": true, "errors": [], "messages": [], "result": {"id": "x"}}'
    refused = b'{"success": false, "errors": [{"code": 1012, "message": "Bad request"}]}'
    return (200, {}, answer) if ok else (400, {}, refused)


@pytest.mark.django_db
def test_cloudflare_purges_tags_and_urls_in_batches_of_30(site_tree, stand_in, monkeypatch):
    stand_in.answer = cloudflare_checks
    tags = [f"page:{n}" for n in range(45)]
    urls = [f"https://cms.example.org/api/v3/pages/{n}/" for n in range(31)]
    with purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN, API_URL=stand_in.url + "/client/v4"):
        assert purgers.get("cloudflare").purge(tags, urls) == 200
    sizes = [(next(iter(r.json)), len(next(iter(r.json.values())))) for r in stand_in.received]
    assert sizes == [("tags", 30), ("tags", 15), ("files", 30), ("files", 1)]
    assert [t for r in stand_in.received[:2] for t in r.json["tags"]] == tags


@pytest.mark.django_db
def test_a_failing_cloudflare_is_retried_until_it_succeeds_and_the_api_answers(
    client, site_tree, stand_in, django_capture_on_commit_callbacks
):
    report = site_tree["report"]
    stand_in.answer = lambda request: (500, {}, b"upstream trouble")
    with purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN, API_URL=stand_in.url + "/client/v4"):
        publish(report, django_capture_on_commit_callbacks, "Progress Points, retried")
        purge = PurgeRequest.objects.get()
        assert (purge.status, purge.attempts, purge.last_status_code) == ("pending", 1, 500)
        assert "HTTP 500" in purge.last_error
        answer = client.get(f"/api/v3/pages/{report.pk}/")
        assert answer.status_code == 200 and answer.json()["title"] == "Progress Points, retried"

        # Refused in another way: Cloudflare's own error in its JSON.
        stand_in.answer = lambda request: (
            200,
            {},
            b'{"success": false, "errors": [{"message": "Rate limited"}]}',
        )
        PurgeRequest.objects.update(next_attempt_at=timezone.now())
        assert purges.attempt(str(purge.pk)) == "pending"
        purge.refresh_from_db()
        assert "Rate limited" in purge.last_error
        assert timedelta(seconds=19) < purge.next_attempt_at - purge.last_attempt_at

        stand_in.answer = cloudflare_checks
        PurgeRequest.objects.update(next_attempt_at=timezone.now())
        assert purges.attempt(str(purge.pk)) == "delivered"
    purge.refresh_from_db()
    assert (purge.attempts, purge.last_status_code, purge.last_error) == (3, 200, "")
    sent = {tag for r in stand_in.received if "tags" in r.json for tag in r.json["tags"]}
    assert f"page:{report.pk}" in sent


@pytest.mark.django_db
def test_a_purge_gives_up_after_the_last_attempt(site_tree, stand_in):
    stand_in.answer = lambda request: (503, {}, b"")
    with purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN, API_URL=stand_in.url):
        [purge] = purges.queue("page.published", {"page:1"})
        for _ in range(delivery.MAX_ATTEMPTS):
            PurgeRequest.objects.update(next_attempt_at=timezone.now())
            purges.attempt(str(purge.pk))
    purge.refresh_from_db()
    assert (purge.status, purge.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert len(stand_in.received) == delivery.MAX_ATTEMPTS


def fastly_checks(request: Request) -> tuple[int, dict[str, str], bytes]:
    """
    Fastly's purge API as its reference documents it: the token in Fastly-Key, POST,
    surrogate keys to /service/<id>/purge (a JSON body {"surrogate_keys": [...]} of 1 to
    256 keys, or a Surrogate-Key header), one URL to /purge/<cached_url>, the URL without
    its scheme as one percent-encoded path parameter: the API request itself has no query
    string (a "?" there would cut the cached URL short) and no body.
    """
    if request.headers.get("fastly-key") != FASTLY_KEY or request.method != "POST":
        return 401, {}, b'{"msg": "Provided credentials are missing or invalid"}'
    if request.path == f"/service/{SERVICE}/purge":
        if request.body:
            if request.headers.get("content-type") != "application/json":
                return 415, {}, b'{"msg": "Content-Type must be application/json"}'
            body = request.json
            keys = body.get("surrogate_keys") if set(body) == {"surrogate_keys"} else None
        else:
            keys = request.headers.get("surrogate-key", "").split()
        if not isinstance(keys, list) or not 1 <= len(keys) <= 256:
            return 400, {}, b'{"msg": "Bad request"}'
        return 200, {}, json.dumps(dict.fromkeys(keys, "108-1391560174-974124")).encode()
    if request.path.startswith("/purge/"):
        cached = unquote(request.path.removeprefix("/purge/"))
        if "?" in request.path or request.body or "://" in cached or not cached.split("/")[0]:
            return 400, {}, b'{"msg": "Bad request"}'
        FASTLY_PURGED_URLS.append(cached)
        return 200, {}, b'{"status": "ok", "id": "108-1391560174-974124"}'
    return 404, {}, b'{"msg": "Record not found"}'


#: The cached URLs the Fastly stand-in purged, as Fastly decodes them.
FASTLY_PURGED_URLS: list[str] = []


@pytest.mark.django_db
def test_fastly_purges_surrogate_keys_in_batches_of_256_and_each_url(stand_in):
    stand_in.answer = fastly_checks
    FASTLY_PURGED_URLS.clear()
    tags = [f"page:{n}" for n in range(300)]
    urls = [
        "https://cms.example.org/api/v3/route/?path=%2Fabout%2F",
        "https://cms.example.org/api/v3/pages/?tag=caf%C3%A9&limit=20",
        "https://www.example.org/about/",
    ]
    with purging("fastly", SERVICE_ID=SERVICE, TOKEN=FASTLY_KEY, API_URL=stand_in.url):
        assert purgers.get("fastly").purge(tags, urls) == 200
    by_keys, by_url = stand_in.received[:2], stand_in.received[2:]
    assert [len(r.json["surrogate_keys"]) for r in by_keys] == [256, 44]
    assert all(r.headers["content-type"] == "application/json" for r in by_keys)
    # Each URL exactly as cached, its query and its own escapes included.
    assert FASTLY_PURGED_URLS == [
        "cms.example.org/api/v3/route/?path=%2Fabout%2F",
        "cms.example.org/api/v3/pages/?tag=caf%C3%A9&limit=20",
        "www.example.org/about/",
    ]
    assert by_url[0].path == ("/purge/cms.example.org/api/v3/route/%3Fpath%3D%252Fabout%252F")
    with (
        purging("fastly", SERVICE_ID=SERVICE, TOKEN="wrong", API_URL=stand_in.url),
        pytest.raises(purgers.PurgeFailed, match="HTTP 401"),
    ):
        purgers.get("fastly").purge(tags, urls)


def cloudfront_checks(request: Request) -> tuple[int, dict[str, str], bytes]:
    """CloudFront's CreateInvalidation: signed with SigV4 by the key's secret, XML paths."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    authorization = request.headers.get("authorization", "")
    fields = dict(part.strip().split("=", 1) for part in authorization.split(" ", 1)[1].split(","))
    signed = fields["SignedHeaders"].split(";")
    again = AWSRequest(
        method=request.method,
        url=f"http://{request.headers['host']}{request.path}",
        data=request.body,
        headers={name: request.headers[name] for name in signed},
    )
    again.context["timestamp"] = request.headers["x-amz-date"]
    signer = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "cloudfront", "us-east-1")
    expected = signer.signature(
        signer.string_to_sign(again, signer.canonical_request(again)), again
    )
    if not fields["Credential"].startswith(f"{ACCESS_KEY}/") or fields["Signature"] != expected:
        return (
            403,
            {},
            b"<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>",
        )
    if request.path != f"/2020-05-31/distribution/{DISTRIBUTION}/invalidation":
        return (
            404,
            {},
            b"<ErrorResponse><Error><Code>NoSuchDistribution</Code></Error></ErrorResponse>",
        )
    ns = {"cf": "http://cloudfront.amazonaws.com/doc/2020-05-31/"}
    batch = ET.fromstring(request.body)  # noqa: S314 (what our own client sent)
    paths = [p.text for p in batch.findall("cf:Paths/cf:Items/cf:Path", ns)]
    assert int(batch.findtext("cf:Paths/cf:Quantity", namespaces=ns)) == len(paths)
    assert batch.findtext("cf:CallerReference", namespaces=ns)
    items = "".join(f"<Path>{p}</Path>" for p in paths)
    answer = (
        '<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        "<Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-12-06T10:00:00Z</CreateTime>"
        f"<InvalidationBatch><Paths><Quantity>{len(paths)}</Quantity><Items>{items}</Items></Paths>"
        "<CallerReference>x</CallerReference></InvalidationBatch></Invalidation>"
    )
    return 201, {"Content-Type": "text/xml", "Location": "/x"}, answer.encode()


@pytest.mark.django_db
def test_cloudfront_invalidates_the_api_and_the_front_end_paths_signed(stand_in, monkeypatch):
    stand_in.answer = cloudfront_checks
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    urls = [
        "https://cms.example.org/api/v3/pages/12/",
        "https://cms.example.org/api/v3/route/?path=%2Fabout%2F",
        "https://www.example.org/about/",
        "https://www.example.org/es/acerca/",
    ]
    with purging("cloudfront", DISTRIBUTION_ID=DISTRIBUTION, ENDPOINT_URL=stand_in.url):
        assert purgers.get("cloudfront").purge(["page:12"], urls) == 201
        [request] = stand_in.received
        assert (
            b"<Path>/api/v3/*</Path>" in request.body
            and b"<Path>/es/acerca/</Path>" in request.body
        )
        assert request.body.count(b"<Path>") == 3
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "a wrong secret")
        with pytest.raises(purgers.PurgeFailed, match="SignatureDoesNotMatch"):
            purgers.get("cloudfront").purge(["page:12"], urls)


# What every purge carries, and its repeat ------------------------------------------------------

#: Each purger's options against the stand-in at ``url``, and what it answers.
PURGER_OPTIONS = {
    "varnish": lambda url: {"LOCATIONS": [url]},
    "cloudflare": lambda url: {"ZONE_ID": ZONE, "TOKEN": TOKEN, "API_URL": url + "/client/v4"},
    "fastly": lambda url: {"SERVICE_ID": SERVICE, "TOKEN": FASTLY_KEY, "API_URL": url},
    "cloudfront": lambda url: {"DISTRIBUTION_ID": DISTRIBUTION, "ENDPOINT_URL": url},
}
STAND_IN_ANSWERS = {
    "varnish": lambda request: (200, {}, b"") if request.method == "PURGE" else (405, {}, b""),
    "cloudflare": cloudflare_checks,
    "fastly": fastly_checks,
    "cloudfront": cloudfront_checks,
}


@pytest.fixture
def aws_credentials(monkeypatch):
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PURGER_OPTIONS))
def test_each_purge_request_names_the_request_that_made_the_change(
    name, site_tree, stand_in, aws_credentials, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    stand_in.answer = STAND_IN_ANSWERS[name]
    with purging(name, **PURGER_OPTIONS[name](stand_in.url)):
        with (
            request_id.bound("edge-publish-42"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            site_tree["report"].save_revision().publish()
        assert not stand_in.received  # queued for the task worker, which carries the id
        run_worker()
    assert PurgeRequest.objects.get().status == "delivered"
    assert stand_in.received
    assert {r.headers.get("x-request-id") for r in stand_in.received} == {"edge-publish-42"}
    if name == "cloudfront":  # signed with the rest, so CloudFront accepts it
        assert "x-request-id" in stand_in.received[0].headers["authorization"]


def everything_due_now() -> None:
    now = timezone.now()
    DBTaskResult.objects.filter(status="READY").update(run_after=now)
    PurgeRequest.objects.filter(status="pending").update(next_attempt_at=now)


@pytest.mark.django_db
def test_a_purge_that_succeeded_is_sent_once_more_a_few_seconds_later(
    site_tree, stand_in, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    stand_in.answer = cloudflare_checks
    options = PURGER_OPTIONS["cloudflare"](stand_in.url)
    with (
        purging("cloudflare", **options),
        override_settings(CDN={**settings.CDN, "PURGE_REPEAT_SECONDS": 5}),
    ):
        with request_id.bound("edge-publish-43"), django_capture_on_commit_callbacks(execute=True):
            site_tree["report"].save_revision().publish()
        with django_capture_on_commit_callbacks(execute=True):  # the worker's commits
            run_worker()
        first = PurgeRequest.objects.get(repeat_of=None)
        [again] = PurgeRequest.objects.filter(repeat_of=first)
        assert (first.status, again.status) == ("delivered", "pending")
        assert (again.backend, again.event, again.tags, again.urls) == (
            first.backend,
            first.event,
            first.tags,
            first.urls,
        )
        wait = again.next_attempt_at - first.delivered_at
        assert timedelta(seconds=4.9) < wait < timedelta(seconds=6), wait
        # Its task waits in the queue until then: a worker now sends nothing.
        queued = DBTaskResult.objects.get(status="READY", task_path__endswith="send_purge")
        assert queued.run_after == again.next_attempt_at
        sent = list(stand_in.received)
        run_worker()
        assert len(stand_in.received) == len(sent)

        everything_due_now()
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        again.refresh_from_db()
        assert (again.status, again.attempts) == ("delivered", 1)
        repeated = stand_in.received[len(sent) :]
        assert [r.json for r in repeated] == [r.json for r in sent]
        assert {r.headers["x-request-id"] for r in repeated} == {"edge-publish-43"}
        assert PurgeRequest.objects.count() == 2  # a repeat is not repeated

        # Off (0): one purge a change.
        with override_settings(CDN={**settings.CDN, "PURGE_REPEAT_SECONDS": 0}):
            with django_capture_on_commit_callbacks(execute=True):
                site_tree["industry"].save_revision().publish()
            with django_capture_on_commit_callbacks(execute=True):
                run_worker()
        assert PurgeRequest.objects.count() == 3


@pytest.mark.django_db
def test_a_failed_purge_is_repeated_only_once_it_has_succeeded(
    stand_in, settings, django_capture_on_commit_callbacks
):
    stand_in.answer = lambda request: (503, {}, b"")
    with (
        purging("varnish", LOCATIONS=[stand_in.url]),
        override_settings(CDN={**settings.CDN, "PURGE_REPEAT_SECONDS": 5}),
    ):
        [purge] = purges.queue("page.published", {"page:1"})
        assert purges.attempt(str(purge.pk)) == "pending"
        assert not PurgeRequest.objects.filter(repeat_of=purge).exists()
        stand_in.answer = STAND_IN_ANSWERS["varnish"]
        PurgeRequest.objects.update(next_attempt_at=timezone.now())
        assert purges.attempt(str(purge.pk)) == "delivered"
        assert PurgeRequest.objects.filter(repeat_of=purge, status="pending").count() == 1


# The log, the scheduler, the settings ---------------------------------------------------------


@pytest.mark.django_db
def test_the_purge_log_shows_each_purge_and_a_failed_one_can_be_sent_again(
    site_tree, stand_in, admin_client, django_capture_on_commit_callbacks
):
    stand_in.answer = lambda request: (500, {}, b"")
    with purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN, API_URL=stand_in.url + "/client/v4"):
        publish(site_tree["report"], django_capture_on_commit_callbacks)
        PurgeRequest.objects.update(status="failed")
        purge = PurgeRequest.objects.get()
        listing = admin_client.get("/admin/cdn_purge_log/")
        assert listing.status_code == 200 and b"HTTP 500" in listing.content
        inspect = admin_client.get(f"/admin/cdn_purge_log/inspect/{purge.pk}/")
        assert (
            b"Send again" in inspect.content
            and f"page:{site_tree['report'].pk}".encode() in inspect.content
        )
        stand_in.answer = cloudflare_checks
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(f"/admin/cdn_purge_log/resend/{purge.pk}/")
        assert response.status_code == 302
    purge.refresh_from_db()
    assert (purge.status, purge.attempts) == ("delivered", 1)


@pytest.mark.django_db
def test_the_scheduler_puts_back_a_purge_whose_task_was_lost(stand_in):
    stand_in.answer = cloudflare_checks
    with purging("cloudflare", ZONE_ID=ZONE, TOKEN=TOKEN, API_URL=stand_in.url + "/client/v4"):
        [purge] = purges.queue("page.published", {"page:1"})  # its task never ran
        PurgeRequest.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=10))
        call_command("run_scheduler", "--once", stdout=io.StringIO())
    purge.refresh_from_db()
    assert purge.status == "delivered" and len(stand_in.received) == 2  # tags and all:page


def test_purgers_are_configured_from_the_environment_and_refuse_to_start_half_set():
    assert cdn_purgers({}) == {}
    env = {
        "CDN_PURGE_BACKENDS": "varnish, Cloudflare",
        "CDN_VARNISH_URLS": "http://10.0.0.5:6081,http://10.0.0.6:6081",
        "CDN_CLOUDFLARE_ZONE_ID": ZONE,
        "CDN_CLOUDFLARE_TOKEN": TOKEN,
    }
    assert cdn_purgers(env) == {
        "varnish": {
            "BACKEND": "publishing.purgers.varnish.Purger",
            "LOCATIONS": ["http://10.0.0.5:6081", "http://10.0.0.6:6081"],
        },
        "cloudflare": {
            "BACKEND": "publishing.purgers.cloudflare.Purger",
            "ZONE_ID": ZONE,
            "TOKEN": TOKEN,
        },
    }
    with pytest.raises(ImproperlyConfigured, match="CDN_FASTLY_TOKEN"):
        cdn_purgers({"CDN_PURGE_BACKENDS": "fastly", "CDN_FASTLY_SERVICE_ID": SERVICE})
    with pytest.raises(ImproperlyConfigured, match="akamai"):
        cdn_purgers({"CDN_PURGE_BACKENDS": "akamai"})
