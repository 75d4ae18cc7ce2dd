"""
The content checks (checks/): for each check, a test that plants the problem and finds
it, and one that fixes it and sees the finding cleared. Checks run as the site runs
them: a publish queues them after the commit (the tests' tasks run at once), and the
nightly run and ``run_content_checks`` run them on every page.
"""

from __future__ import annotations

import datetime
import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction

from checks import links, nightly, runner
from checks.models import Finding, NightlyRun, Review
from cms.core import changes
from search.models import DocumentText
from tests import factories
from tests.ports import free_ports

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as an editor does: the checks the publish queues run after the commit."""

    def publish(page: Page) -> Page:
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what a change queued once it commits (the checks' tasks)."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


def found(page: Page, code: str) -> list[Finding]:
    return list(Finding.objects.filter(page=page, code=code).order_by("where"))


def page_with_body(home: Page, body: list, **fields) -> Page:
    defaults = {"listing_summary": "A summary.", "title": "About the region"}
    return factories.ContentPageFactory(parent=home, body=body, **{**defaults, **fields})


def image_block(image, alt: str = "", decorative: bool = False) -> tuple:
    return ("image", {"image": {"image": image, "alt_text": alt, "decorative": decorative}})


# Images without alt text ------------------------------------------------------------


def test_an_image_block_without_alt_text_is_found_and_cleared_when_marked_decorative(home, publish):
    image = factories.ImageFactory()
    page = publish(page_with_body(home, [image_block(image, alt="")]))

    [finding] = found(page, "image_alt")
    assert finding.where == "body.0.image.image"
    assert finding.severity == "error"
    assert finding.locale_id == page.locale_id

    page.body = [image_block(image, decorative=True)]
    publish(page)
    assert found(page, "image_alt") == []


def test_an_image_block_cleared_by_writing_alt_text(home, publish):
    image = factories.ImageFactory()
    page = publish(page_with_body(home, [image_block(image, alt="")]))
    assert found(page, "image_alt")
    page.body = [image_block(image, alt="The Connecticut River at dusk")]
    publish(page)
    assert found(page, "image_alt") == []


def test_a_page_image_with_no_alt_text_anywhere_is_found_until_the_page_gives_one(home, publish):
    image = factories.ImageFactory(description="")
    page = publish(page_with_body(home, [], hero_image=image, hero_image_alt=""))
    assert [f.where for f in found(page, "image_alt")] == ["hero_image"]

    page.hero_image_alt = "Downtown Hartford from the river"
    publish(page)
    assert found(page, "image_alt") == []


def test_a_page_image_uses_the_library_description_when_its_alt_is_blank(home, publish):
    image = factories.ImageFactory(description="Bushnell Park in spring")
    page = publish(page_with_body(home, [], hero_image=image, hero_image_alt=""))
    assert found(page, "image_alt") == []


def test_the_decorative_flag_has_help_text_for_editors():
    from cms.core.blocks import ImageBlock

    help_text = str(ImageBlock().child_blocks["image"].meta.help_text)
    assert "decorative" in help_text


# Heading levels ---------------------------------------------------------------------


def test_a_heading_block_that_skips_a_level_is_found_and_cleared(home, publish):
    page = publish(
        page_with_body(
            home,
            [
                ("heading", {"text": "Jobs", "level": "h2"}),
                ("heading", {"text": "Insurance jobs", "level": "h4"}),
            ],
        )
    )
    [finding] = found(page, "heading_levels")
    assert finding.where == "body.1.heading"
    assert "level 4 after level 2" in finding.message

    page.body = [
        ("heading", {"text": "Jobs", "level": "h2"}),
        ("heading", {"text": "Insurance jobs", "level": "h3"}),
    ]
    publish(page)
    assert found(page, "heading_levels") == []


def test_a_skip_inside_rich_text_and_one_that_starts_too_deep_are_found(home, publish):
    page = publish(
        page_with_body(
            home,
            [("paragraph", "<h3>Too deep</h3><p>Text</p><h4>Fine</h4>")],
        )
    )
    [finding] = found(page, "heading_levels")
    assert finding.where == "body.0.paragraph"
    assert "“Too deep” is level 3 after level 1" in finding.message

    page.body = [("paragraph", "<h2>Right</h2><p>Text</p><h3>Fine</h3>")]
    publish(page)
    assert found(page, "heading_levels") == []


def test_a_skip_in_a_rich_text_field_is_found(home, publish):
    home.mission_statement = "<h2>Mission</h2><h4>Vision</h4>"
    publish(home)
    assert [f.where for f in found(home, "heading_levels")] == ["mission_statement"]
    home.mission_statement = "<h2>Mission</h2><h3>Vision</h3>"
    publish(home)
    assert found(home, "heading_levels") == []


# Links to pages that are gone, unpublished or private -------------------------------


def call_to_action(page: Page) -> tuple:
    return ("call_to_action", {"heading": "Read on", "button_label": "Go", "page": page})


def test_a_link_to_a_page_that_is_unpublished_is_found_and_cleared_when_it_is_back(
    home, publish, after_commit
):
    target = publish(factories.ContentPageFactory(parent=home, title="Workforce"))
    page = publish(
        page_with_body(
            home,
            [
                call_to_action(target),
                ("paragraph", f'<p><a linktype="page" id="{target.pk}">Workforce</a></p>'),
            ],
        )
    )
    assert found(page, "page_link") == []

    with after_commit():
        target.unpublish()
    findings = found(page, "page_link")
    assert [f.where for f in findings] == ["body.0.call_to_action.page", "body.1.paragraph"]
    assert all("“Workforce”, which is not published" in f.message for f in findings)

    publish(target)
    assert found(page, "page_link") == []


def test_a_link_to_a_deleted_page_is_found_and_cleared_when_the_link_goes(
    home, publish, after_commit
):
    target = publish(factories.ContentPageFactory(parent=home, title="Old news"))
    page = publish(page_with_body(home, [call_to_action(target)]))
    target_id = target.pk
    with after_commit():
        target.delete()
    [finding] = found(page, "page_link")
    assert f"deleted (id {target_id})" in finding.message

    page.body = [("paragraph", "<p>No link now.</p>")]
    publish(page)
    assert found(page, "page_link") == []


def test_a_link_to_a_private_page_is_a_warning_until_the_page_is_public_again(
    home, publish, after_commit
):
    target = publish(factories.ContentPageFactory(parent=home, title="Board papers"))
    page = publish(page_with_body(home, [call_to_action(target)]))
    with after_commit():
        restriction = PageViewRestriction.objects.create(
            page=target, restriction_type=PageViewRestriction.LOGIN
        )
    [finding] = found(page, "page_link")
    assert finding.severity == "warning"
    assert "private" in finding.message

    with after_commit():
        restriction.delete()
    assert found(page, "page_link") == []


# PDFs whose text could not be read --------------------------------------------------


def test_a_pdf_whose_text_failed_is_found_and_cleared_when_it_is_read(
    site_tree, publish, after_commit
):
    document = factories.DocumentFactory(title="Progress Points 2016")
    report = site_tree["report"]
    report.document = document
    DocumentText.objects.update_or_create(
        document=document, defaults={"status": DocumentText.Status.FAILED, "message": "bad xref"}
    )
    publish(report)
    [finding] = found(report, "pdf_text")
    assert finding.where == "document"
    assert "“Progress Points 2016” could not be read" in finding.message

    DocumentText.objects.filter(document=document).update(status=DocumentText.Status.OK)
    with after_commit():
        changes.send(changes.DOCUMENT_TEXT_CHANGED, document)
    assert found(report, "pdf_text") == []


# Spanish translations ---------------------------------------------------------------


def test_a_missing_spanish_translation_is_found_and_cleared_when_it_is_published(
    site_tree, publish
):
    spanish = Locale.objects.get(language_code="es")
    page = publish(site_tree["initiative"])
    [finding] = found(page, "translation")
    assert finding.message == "This page has no Spanish translation."

    translation = page.copy_for_translation(spanish, copy_parents=True)
    publish(translation)
    assert found(page, "translation") == []
    assert found(translation, "translation") == []


def test_a_spanish_page_older_than_its_english_source_is_found_and_cleared(site_tree, publish):
    spanish = Locale.objects.get(language_code="es")
    page = site_tree["initiative"]
    translation = publish(page.copy_for_translation(spanish, copy_parents=True))
    assert found(translation, "translation") == []

    page.goal = "Keep young professionals in the region."
    publish(page)  # the English page changes after its translation
    [finding] = found(translation, "translation")
    assert finding.locale == spanish
    assert "changed after this translation" in finding.message

    publish(translation)  # the translator brings it up to date
    assert found(translation, "translation") == []


# Pages not reviewed -----------------------------------------------------------------


def test_a_page_not_reviewed_for_the_configured_time_is_found_and_cleared_by_a_review(
    home, publish, settings
):
    settings.CONTENT_CHECKS_REVIEW_DAYS = 90
    page = publish(page_with_body(home, []))
    assert found(page, "review") == []
    long_ago = timezone.now() - datetime.timedelta(days=91)
    Page.objects.filter(pk=page.pk).update(last_published_at=long_ago)
    runner.check_page(page.pk)
    [finding] = found(page, "review")
    assert "over 90 days" in finding.message

    Review.objects.create(page=page)
    runner.check_page(page.pk)
    assert found(page, "review") == []


# Listing summary and social image ---------------------------------------------------


def test_a_page_with_no_summary_for_its_card_is_found_and_cleared(home, publish):
    page = publish(page_with_body(home, [], listing_summary="", intro=""))
    assert [f.where for f in found(page, "listing_summary")] == ["listing_summary"]
    page.listing_summary = "How the region works together."
    publish(page)
    assert found(page, "listing_summary") == []


def test_a_page_with_no_social_image_is_found_and_cleared(home, publish):
    page = publish(page_with_body(home, []))
    [finding] = found(page, "social_image")
    assert finding.severity == "warning"
    page.social_image = factories.ImageFactory()
    publish(page)
    assert found(page, "social_image") == []


# How findings are kept --------------------------------------------------------------


def test_a_saved_draft_is_checked_so_its_editor_sees_the_findings_before_submitting(
    home, after_commit
):
    page = page_with_body(home, [], listing_summary="", intro="", live=False)
    with after_commit():
        page.save_revision()  # what the editor's "Save draft" does
    assert [f.where for f in found(page, "listing_summary")] == ["listing_summary"]
    page.listing_summary = "How the region works together."
    with after_commit():
        page.save_revision()
    assert found(page, "listing_summary") == []
    page.refresh_from_db()
    assert not page.live  # never published: the draft alone was checked


def test_a_finding_keeps_its_first_sighting_while_it_lasts(home, publish):
    page = publish(page_with_body(home, [], listing_summary="", intro=""))
    [first] = found(page, "listing_summary")
    runner.check_page(page.pk)
    [again] = found(page, "listing_summary")
    assert again.pk == first.pk
    assert again.first_seen == first.first_seen
    assert again.last_seen > first.last_seen


def test_the_nightly_run_is_queued_once_a_night_and_checks_every_page(home, after_commit, settings):
    settings.CONTENT_CHECKS_NIGHTLY_HOUR = 2
    page = page_with_body(home, [], listing_summary="", intro="")  # a draft, never published
    night = timezone.make_aware(datetime.datetime(2026, 12, 6, 1, 59))
    with after_commit():
        assert not nightly.start_if_due(night)
    assert found(page, "listing_summary") == []
    with after_commit():
        assert nightly.start_if_due(night + datetime.timedelta(minutes=1))
        assert not nightly.start_if_due(night + datetime.timedelta(hours=3))
    assert NightlyRun.objects.count() == 1
    assert found(page, "listing_summary")


def test_the_command_runs_the_checks_on_every_page(home, capsys):
    page = page_with_body(home, [], listing_summary="", intro="")
    call_command("run_content_checks")
    assert found(page, "listing_summary")
    assert "Checked" in capsys.readouterr().out


# External links (a receiver on loopback only) ---------------------------------------


class LinkTarget:
    """A small site on 127.0.0.1 (a port of this task's range) that links point at."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, float]] = []
        self.flaky_left = 0
        target = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                self.answer(body=False)

            def do_GET(self) -> None:
                self.answer(body=True)

            def answer(self, body: bool) -> None:
                target.requests.append((self.command, self.path, time.monotonic()))
                status, headers = target.route(self.command, self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2" if body else "0")
                self.end_headers()
                if body:
                    self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        [self.port] = free_ports(9800, 9899, 1, block=10)
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, method: str, path: str) -> tuple[int, dict[str, str]]:
        if path == "/gone":
            return 404, {}
        if path == "/moved":
            return 301, {"Location": "/gone"}
        if path == "/no-head":
            return (405 if method == "HEAD" else 200), {}
        if path == "/flaky":
            if self.flaky_left > 0:
                self.flaky_left -= 1
                return 503, {}
            return 200, {}
        if path == "/slow":
            time.sleep(1)
        return 200, {}

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def link_target():
    target = LinkTarget()
    yield target
    target.stop()


@pytest.fixture
def links_on(settings):
    settings.CONTENT_CHECKS_EXTERNAL_LINKS = "on"
    settings.CONTENT_CHECKS_LINK_HOSTS = ["127.0.0.1"]
    settings.CONTENT_CHECKS_LINK_TIMEOUT = 0.5
    settings.CONTENT_CHECKS_LINK_HOST_INTERVAL = 0.05
    settings.CONTENT_CHECKS_LINK_RETRIES = 2
    return settings


def linking(home: Page, *urls: str) -> Page:
    html = "".join(f'<p><a href="{url}">a link</a></p>' for url in urls)
    return page_with_body(home, [("paragraph", html)])


def test_external_links_are_off_unless_a_setting_turns_them_on(home, publish, link_target):
    page = publish(linking(home, link_target.url("/gone")))
    assert found(page, "external_link") == []
    assert link_target.requests == []  # nothing was asked


def test_a_failing_external_link_is_found_on_publish_and_cleared_when_corrected(
    home, publish, link_target, links_on
):
    page = publish(linking(home, link_target.url("/gone")))
    [finding] = found(page, "external_link")
    assert finding.severity == "error"
    assert finding.where == "body.0.paragraph"
    assert "answers 404" in finding.message
    # The page checks of the next publish or night leave the link check's finding be.
    runner.check_page(page.pk)
    assert found(page, "external_link")

    page.body = [("paragraph", f'<p><a href="{link_target.url("/ok")}">a link</a></p>')]
    publish(page)
    assert found(page, "external_link") == []


def test_a_redirect_to_a_missing_page_is_followed_and_found(home, publish, link_target, links_on):
    page = publish(linking(home, link_target.url("/moved"), link_target.url("/no-head")))
    [finding] = found(page, "external_link")
    assert link_target.url("/moved") in finding.message
    assert ("GET", "/no-head") in [(m, p) for m, p, _ in link_target.requests]


def test_a_server_error_is_retried_and_a_timeout_is_a_warning(home, publish, link_target, links_on):
    link_target.flaky_left = 2  # two 503s, then 200: within the two retries
    page = publish(linking(home, link_target.url("/flaky"), link_target.url("/slow")))
    flaky = [p for _, p, _ in link_target.requests if p == "/flaky"]
    assert len(flaky) == 3
    [finding] = found(page, "external_link")
    assert link_target.url("/slow") in finding.message
    assert finding.severity == "warning"
    assert len([p for _, p, _ in link_target.requests if p == "/slow"]) == 3  # 1 + 2 retries


def test_one_host_is_asked_at_most_once_per_interval(home, publish, link_target, links_on):
    links_on.CONTENT_CHECKS_LINK_HOST_INTERVAL = 0.2
    urls = [link_target.url(f"/ok?{n}") for n in range(4)]
    publish(linking(home, *urls))
    times = [t for _, _, t in link_target.requests]
    assert len(times) == 4
    # Spaced as sent; as received, a loaded machine may delay one arrival by some
    # milliseconds (unspaced, the four arrive within a few).
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.1, gaps
    assert times[-1] - times[0] >= 0.5, gaps


def test_the_prober_waits_out_each_hosts_interval_before_asking_again(link_target):
    """On its own clock: each request to one host starts a whole interval after the last."""
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    prober = links.Prober(
        timeout=5,
        interval=0.5,
        retries=0,
        hosts=frozenset({"127.0.0.1"}),
        sleep=sleep,
        clock=lambda: now[0],
    )
    for n in range(3):
        prober.probe(link_target.url(f"/ok?{n}"))
    assert waits == [0.5, 0.5]
    assert len(link_target.requests) == 3


def test_only_the_allowed_hosts_are_ever_asked(home, publish, link_target, links_on):
    # Demo content links to public sites; with the tests' setting they are never asked.
    page = publish(linking(home, "https://www.metrohartford.com/", "http://10.0.0.1/admin"))
    assert found(page, "external_link") == []
    prober = links.Prober(timeout=0.5, interval=0, retries=0, hosts=None)
    assert not prober.allowed("http://127.0.0.1:9/")  # loopback: never without the setting
    assert not prober.allowed("http://169.254.169.254/latest/meta-data/")
    assert not prober.allowed("ftp://example.org/")
