"""
Benchmark of the site search against stock Wagtail search, on the same generated pages.

    .venv/bin/python bench/search.py --pages 10000 --database sqlite
    .venv/bin/python bench/search.py --pages 100000 --database postgres

Builds (once; kept for later runs) a scratch database with ``--pages`` generated pages
(reports with themes, industries and initiatives, and content pages) whose text is
drawn from the demo content's own sentences, so word frequencies are those of real
copy. Pages are bulk-inserted with indexing deferred; then both indexes are built:
the site search's (``search.indexer.write_rows``) and Wagtail's (``update_index``).

Then, in-process through Django's test client with the API's response cache off, it
times, for a mix of common, rarer, two-word and phrase queries:
  - ``/api/v3/search/?q=`` (ranked results, highlights and every facet),
  - ``/api/v3/search/suggest/?q=`` (prefixes of 2 to 6 letters),
  - ``/api/v3/pages/?search=`` (stock Wagtail search: count plus a page of results),
and prints p50/p95 in milliseconds. A stock query's statement is cancelled after
``--stock-timeout`` seconds and that query is not timed further (stock SQLite search
grows with the square of the matches). ``--engine opensearch`` times the site search on
OpenSearch instead (an osmem-server of its own on 127.0.0.1:9790-9799, or
``--opensearch-url``), its index copied from the database's.

    .venv/bin/python bench/search.py --relevance [--database postgres]

measures relevance instead, on the demo content (loaded once into a scratch database):
for each engine, the database's and OpenSearch's, the judged queries of
``bench/relevance.json`` are asked through the API, and it prints the share of queries
whose best page (graded 3) is in the top three, nDCG@10 over the graded pages, and
p50/p95 of those requests.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cms.progress import Progress  # noqa: E402  (the project's root is on the path first)

COMMON_QUERIES = ["hartford", "region", "jobs", "insurance", "talent"]
RARE_QUERIES = ["millennials", "fastrak", "aerospace", "apprenticeships", "tolland"]
MULTI_QUERIES = ["insurance jobs", "young professionals", '"progress points"', "health care"]
SUGGEST_PREFIXES = ["in", "ins", "insur", "pro", "progr", "hart", "ta", "tal", "aero", "jo"]


def configure(database: str, pages: int, label: str | None = None) -> str:
    """The scratch database of ``pages`` generated pages (or of ``label``: "demo")."""
    label = label or str(pages)
    if database == "sqlite":
        path = ROOT / "bench" / "data" / f"search-{label}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    else:
        name = f"mha_search_bench_{label}"
        base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ["API_CACHE_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }
    settings.ALLOWED_HOSTS = ["*"]
    django.setup()
    return url


# Text --------------------------------------------------------------------------------------


def demo_sentences() -> list[str]:
    """Every sentence of the demo content's English copy."""
    import importlib
    import pkgutil

    import demo.content as content

    strings: list[str] = []
    for info in pkgutil.iter_modules(content.__path__):
        module = importlib.import_module(f"{content.__name__}.{info.name}")
        for name, value in vars(module).items():
            if not name.startswith("_"):
                _collect_strings(value, strings)
    sentences = set()
    for string in strings:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(string.split())):
            if len(sentence.split()) >= 6:
                sentences.add(sentence)
    return sorted(sentences)


def _collect_strings(value, strings: list[str], depth: int = 0) -> None:
    """Every string inside ``value`` (tags removed), down to eight levels."""
    if depth > 8:
        return
    if isinstance(value, str):
        strings.append(re.sub(r"<[^>]+>", " ", value))
        return
    if isinstance(value, dict):
        items = value.values()
    elif isinstance(value, (list, tuple, set)):
        items = value
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        items = vars(value).values()
    else:
        return
    for item in items:
        _collect_strings(item, strings, depth + 1)


# Content --------------------------------------------------------------------------------------


def ensure_tree():
    """The fixed part of the site: home, sections, industries, initiatives, themes."""
    from wagtail.models import Locale, Page, Site

    from cms.core.models import Theme
    from home.models import ContentPage, HomePage
    from industries.models import IndustryIndexPage, IndustryProfilePage
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from reports.models import ReportIndexPage

    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Home",
                slug="metrohartford",
                hero_heading="Elevating the Hartford region",
                hero_intro="Where people and businesses thrive.",
                mission_statement="<p>The Alliance's mission.</p>",
            )
        )
        site = Site.objects.get(is_default_site=True)
        old = site.root_page
        site.root_page = home
        site.save()
        if old.pk != home.pk and old.depth > 1:
            old.delete()
        articles = home.add_child(instance=ContentPage(title="Articles", slug="articles"))
        reports = home.add_child(instance=ReportIndexPage(title="Reports", slug="reports"))
        industries = home.add_child(
            instance=IndustryIndexPage(title="Key industries", slug="industries")
        )
        initiatives = home.add_child(
            instance=InitiativeIndexPage(title="Initiatives", slug="initiatives")
        )
        for name in ["Insurance", "Health", "Aerospace", "Manufacturing", "Logistics", "Tech"]:
            industries.add_child(
                instance=IndustryProfilePage(
                    title=name, slug=name.lower(), sector_summary=f"{name} in the region."
                )
            )
        for name in ["HYPE", "Global Reach", "Talent", "Urban Core", "Entrepreneurs", "Policy"]:
            initiatives.add_child(
                instance=InitiativePage(
                    title=name,
                    slug=name.lower().replace(" ", "-"),
                    goal=f"{name} for the region",
                    summary="What it does.",
                )
            )
        for name in ["Job Growth", "Talent", "Leadership", "Next Generation", "Transit", "Places"]:
            Theme.objects.create(name=name, locale=Locale.get_default())
        for page in Page.objects.filter(depth__gt=1):
            page.specific.save_revision().publish()
        del articles, reports
    return home


def generate(pages: int, sentences: list[str], seed: int = 4) -> int:
    """Bulk-insert the missing generated pages; returns how many were added."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from cms.core.models import Theme
    from home.models import ContentPage
    from reports.models import ReportIndexPage, ReportPage

    home = ensure_tree()
    articles = ContentPage.objects.get(slug="articles")
    reports = ReportIndexPage.objects.get()
    existing = Page.objects.filter(depth=articles.depth + 1, slug__startswith="bench-").count()
    if existing >= pages:
        return 0
    rng = random.Random(seed + existing)
    locale = Locale.get_default()
    themes = list(Theme.objects.values_list("pk", flat=True))
    industries = list(
        Page.objects.filter(slug__in=["insurance", "health", "aerospace"]).values_list(
            "pk", flat=True
        )
    )
    initiatives = list(
        Page.objects.filter(depth=home.depth + 2, url_path__contains="/initiatives/").values_list(
            "pk", flat=True
        )
    )
    content_type = {
        model: ContentType.objects.get_for_model(model) for model in (ContentPage, ReportPage)
    }
    numconv = Page.numconv_obj()
    now = timezone.now()
    report_types = [value for value, _ in ReportPage.ReportType.choices]
    words = sorted({w for s in sentences for w in re.findall(r"[A-Za-z]{4,}", s)})
    batch = 2000
    added = 0
    with (
        transaction.atomic(),
        Progress(pages - existing, "Generating pages") as progress,  # cms/progress.py
    ):
        counters = {articles.pk: articles.numchild, reports.pk: reports.numchild}
        while existing + added < pages:
            base_rows, kinds = [], []
            for _ in range(min(batch, pages - existing - added)):
                number = existing + added + len(base_rows)
                is_report = rng.random() < 0.3
                parent = reports if is_report else articles
                counters[parent.pk] += 1
                title = " ".join(rng.choice(words) for _ in range(rng.randint(3, 6))).title()
                slug = f"bench-{number}"
                base_rows.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type[ReportPage if is_report else ContentPage],
                        live=True,
                        path=parent.path
                        + numconv.int2str(counters[parent.pk]).rjust(Page.steplen, "0"),
                        depth=parent.depth + 1,
                        numchild=0,
                        url_path=f"{parent.url_path}{slug}/",
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
                kinds.append(is_report)
            created = _with_pks(Page.objects.bulk_create(base_rows), base_rows)
            rows = _detail_rows(
                created,
                kinds,
                rng,
                sentences,
                {
                    "report_types": report_types,
                    "themes": themes,
                    "industries": industries,
                    "initiatives": initiatives,
                },
            )
            with connection.cursor() as cursor:
                _insert_detail_rows(cursor, rows)
            added += len(created)
            progress.update(len(created))
        Page.objects.filter(pk=articles.pk).update(numchild=counters[articles.pk])
        Page.objects.filter(pk=reports.pk).update(numchild=counters[reports.pk])
    return added


def _with_pks(created: list, base_rows: list) -> list:
    """The pages ``bulk_create`` made, read back where the database gave no ids."""
    from wagtail.models import Page

    if all(p.pk is not None for p in created):
        return created
    found = Page.objects.filter(slug__in=[p.slug for p in base_rows]).order_by("slug")
    by_slug = {p.slug: p for p in found}
    return [by_slug[p.slug] for p in base_rows]


def _detail_rows(
    created: list, kinds: list[bool], rng: random.Random, sentences: list[str], choices: dict
) -> dict[str, list[tuple]]:
    """The rows of each page type's table and of the reports' relations, by table."""
    rows: dict[str, list[tuple]] = {
        "content": [],
        "report": [],
        "reports_reporttheme": [],
        "reports_reportrelatedindustry": [],
        "reports_reportrelatedinitiative": [],
    }
    for page, is_report in zip(created, kinds, strict=True):
        body = [
            {
                "type": "paragraph",
                "value": "<p>" + " ".join(rng.sample(sentences, 4)) + "</p>",
                "id": str(uuid.uuid4()),
            }
            for _ in range(rng.randint(1, 4))
        ]
        summary = " ".join(rng.sample(sentences, 2))[:400]
        if not is_report:
            rows["content"].append(
                (page.pk, "", summary, " ".join(rng.sample(sentences, 1)), json.dumps(body))
            )
            continue
        rows["report"].append(
            (
                page.pk,
                "",
                summary,
                rng.choice(choices["report_types"]),
                "",
                f"{rng.randint(2005, 2025)}-0{rng.randint(1, 9)}-01",
                " ".join(rng.sample(sentences, 3))[:1500],
                json.dumps(body),
            )
        )
        for order, theme in enumerate(rng.sample(choices["themes"], rng.randint(1, 2))):
            rows["reports_reporttheme"].append((order, page.pk, theme))
        if rng.random() < 0.6:
            rows["reports_reportrelatedindustry"].append(
                (0, page.pk, rng.choice(choices["industries"]))
            )
        if rng.random() < 0.4:
            rows["reports_reportrelatedinitiative"].append(
                (0, page.pk, rng.choice(choices["initiatives"]))
            )
    return rows


def _insert_detail_rows(cursor, rows: dict[str, list[tuple]]) -> None:
    if rows["content"]:
        cursor.executemany(
            "INSERT INTO home_contentpage (page_ptr_id, listing_title, "
            "listing_summary, intro, body, listing_image_alt, social_image_alt, "
            "hero_image_alt) VALUES (%s, %s, %s, %s, %s, '', '', '')",
            rows["content"],
        )
    if rows["report"]:
        cursor.executemany(
            "INSERT INTO reports_reportpage (page_ptr_id, listing_title, "
            "listing_summary, report_type, edition, publication_date, summary, body, "
            "listing_image_alt, social_image_alt, cover_image_alt) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', '', '')",
            rows["report"],
        )
    for table, column in (
        ("reports_reporttheme", "theme_id"),
        ("reports_reportrelatedindustry", "industry_id"),
        ("reports_reportrelatedinitiative", "initiative_id"),
    ):
        if rows[table]:
            cursor.executemany(
                f"INSERT INTO {table} (sort_order, page_id, {column}) "  # noqa: S608
                "VALUES (%s, %s, %s)",
                rows[table],
            )


def build_indexes(stock: bool) -> dict[str, float]:
    """The site search index (bulk) and, when asked, Wagtail's own (update_index)."""
    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Page

    from search import indexer, postgres
    from search.models import Entry

    timings = {}
    started = time.perf_counter()
    missing = (
        Page.objects.live().filter(depth__gt=1).exclude(pk__in=Entry.objects.values("page_id"))
    )
    ids = list(missing.values_list("pk", flat=True))
    if ids:
        with postgres.bulk_load(), Progress(len(ids), "Site search index") as progress:
            for start in range(0, len(ids), 500):
                chunk = Page.objects.filter(pk__in=ids[start : start + 500]).specific()
                items = []
                for page in chunk:
                    for data in _entries(page):
                        items.append((page.pk, page.locale_id, data))
                with transaction.atomic():
                    indexer.write_rows(items)
                progress.update(len(chunk))
        timings["site search index build (s)"] = time.perf_counter() - started
    if stock:
        from wagtail.search.models import IndexEntry

        if not IndexEntry.objects.exists():
            started = time.perf_counter()
            call_command("update_index", verbosity=0)
            timings["stock index build (s)"] = time.perf_counter() - started
    return timings


_facet_cache: dict = {}


def _entries(page):
    """What search.indexer.page_entries gives, with the relations read in bulk."""
    from cms.core.models import card
    from search import indexer

    kind = indexer.page_kind(page)
    shown = card(page)
    date = shown.date
    strong, normal = indexer.model_texts(page)
    facets = {"type": {kind}}
    if date:
        facets["year"] = {str(date.year)}
    if kind == "report":
        facets["report_type"] = {page.report_type}
        facets["theme"] = {str(r.theme_id) for r in page.report_themes.all()}
        facets["industry"] = {str(r.industry_id) for r in page.related_industries.all()}
        facets["initiative"] = {str(r.initiative_id) for r in page.related_initiatives.all()}
    return [
        indexer.EntryData(
            key=f"page:{page.pk}",
            group_key=f"page:{page.pk}",
            kind=kind,
            title=page.title,
            strong=strong,
            normal=normal,
            summary=indexer.short_summary(shown.summary),
            date=date,
            facets={k: v for k, v in facets.items() if v},
        )
    ]


# Timing ----------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


ESTIMATED: set[str] = set()


class Interrupter:
    """
    Cancels the running database statement after ``seconds`` (stock SQLite search can
    run for an hour at 100,000 pages); ``fired`` says whether it did.
    """

    def __init__(self, seconds: float):
        import threading

        from django.db import connection

        # Django's ``connection`` is per thread: take the driver's connection here, in
        # the thread that runs the request, not in the timer's.
        connection.ensure_connection()
        self.raw = connection.connection
        self.vendor = connection.vendor
        self.fired = False
        self.timer = threading.Timer(seconds, self.interrupt)

    def interrupt(self):
        self.fired = True
        if self.vendor == "sqlite":
            self.raw.interrupt()
        else:
            self.raw.cancel()

    def __enter__(self):
        # A cancelled statement is expected here, not worth a traceback in the output
        # (the API answers it with a 500 and logs it).
        self.levels = {}
        for name in ("django.request", "cms.api"):
            self.levels[name] = logging.getLogger(name).level
            logging.getLogger(name).setLevel(logging.CRITICAL)
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)
        return False


def timed_get(client, url: str, timeout: float | None):
    """(milliseconds, response), or (milliseconds, None) when the timeout cut it short."""
    from django.db import DatabaseError

    started = time.perf_counter()
    if timeout is None:
        response = client.get(url)
        return (time.perf_counter() - started) * 1000, response
    with Interrupter(timeout) as interrupter:
        try:
            response = client.get(url)
        except DatabaseError:
            response = None
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, None if interrupter.fired else response


def measure(client, urls: list[str], rounds: int, timeout: float | None = None):
    times = []
    for url in urls:  # warm-up (and a first look at how slow the slowest is)
        elapsed, response = timed_get(client, url, timeout)
        if response is None:
            return [elapsed], f"stopped: {url} cut off after {elapsed / 1000:.0f} s (warm-up)"
        if timeout is not None and elapsed > timeout * 1000:
            return [elapsed], f"stopped: {url} took {elapsed / 1000:.1f} s (warm-up)"
    for _ in range(rounds):
        for url in urls:
            elapsed, response = timed_get(client, url, timeout)
            if response is None:
                return [*times, elapsed], f"stopped: {url} cut off after {elapsed / 1000:.0f} s"
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
            times.append(elapsed)
            data = json.loads(response.content)
            if isinstance(data, dict) and (
                data.get("total_is_estimate") or data.get("facets_are_estimates")
            ):
                ESTIMATED.add(url)
            if timeout is not None and elapsed > timeout * 1000:
                return times, f"stopped: {url} took {elapsed / 1000:.1f} s"
    return times, ""


#: The issues' targets at 100,000 pages, by database: p95 in milliseconds.
TARGETS = {
    "postgresql": {"site search (with facets)": 100.0, "suggest": 25.0},
    "sqlite": {"site search (with facets)": 250.0},
}


def report(summary: dict[str, tuple[float, float, bool]], vendor: str, pages: int) -> None:
    """Ratios to stock search measured in this run, and the targets where they apply."""
    print()
    stock = next((v for k, v in summary.items() if k.startswith("stock")), None)
    for name in ("site search (with facets)", "site search, filtered"):
        if stock is None or name not in summary:
            continue
        p50, p95, _ = summary[name]
        at_least = "at least " if stock[2] else ""
        print(
            f"{name} against stock ?search= (same data, same run): {at_least}"
            f"{stock[0] / p50:.1f}x faster at p50, {at_least}{stock[1] / p95:.1f}x at p95"
        )
    if pages >= 100_000:
        for name, limit in TARGETS.get(vendor, {}).items():
            p95 = summary[name][1]
            verdict = "met" if p95 <= limit else "NOT met"
            print(f"target ({vendor}) {name} p95 <= {limit:.0f} ms: {p95:.1f} ms, {verdict}")


def build(pages: int, url: str, *, stock: bool) -> None:
    """Migrate, generate the missing pages and build the indexes."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"Database: {connection.vendor} ({url.rsplit('/', 1)[-1]}), {pages} pages")
    started = time.perf_counter()
    added = generate(pages, demo_sentences())
    if added:
        print(f"Generated {added} pages in {time.perf_counter() - started:.0f} s")
    for name, seconds in build_indexes(stock=stock).items():
        print(f"{name}: {seconds:.0f}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    from search.models import Entry

    print(f"Index entries: {Entry.objects.count()}")


def measure_each(
    client, urls: list[str], rounds: int, timeout: float
) -> tuple[list[float], list[float], list[str]]:
    """
    Each query measured on its own, so a slow one cannot hide the others: the times
    of those that finished, the times of all (a query cut off counts once, at the time
    it was cut off, so percentiles over these are lower bounds), and those cut off.
    """
    times: list[float] = []
    bounded: list[float] = []
    skipped: list[str] = []
    for url in urls:
        measured, note = measure(client, [url], rounds, timeout)
        bounded += measured
        if note:
            skipped.append(f"{url.split('=')[1].split('&')[0]} ({measured[-1] / 1000:.0f} s)")
        else:
            times += measured
    return times, bounded, skipped


# OpenSearch ----------------------------------------------------------------------------------

OPENSEARCH_PORTS = (9790, 9799)


def start_opensearch(url: str | None):
    """
    Point the site search at ``url``, or at an osmem-server started on a free port of
    ``OPENSEARCH_PORTS`` (ended with this process); returns the server, if started.
    """
    from django.conf import settings

    server = None
    if url is None:
        from osmem_server import OsmemServer

        from tests.ports import free_ports

        port = free_ports(*OPENSEARCH_PORTS, 1)[0]
        server = OsmemServer.start(addr=f"127.0.0.1:{port}", japanese=False)
        url = server.url
    settings.SITE_SEARCH = {
        **settings.SITE_SEARCH,
        "ENGINE": "opensearch",
        "URLS": [url],
        "INDEX_PREFIX": "mha_bench_site",
        "TIMEOUT": 30.0,
    }
    return server


def use_engine(engine: str, opensearch_url: str | None):
    """The site search on ``engine``, its OpenSearch index copied from the database's."""
    from django.conf import settings

    if engine == "database":
        settings.SITE_SEARCH = {**settings.SITE_SEARCH, "ENGINE": "database"}
        return None
    server = start_opensearch(opensearch_url)
    from search import mirror

    started = time.perf_counter()
    written = mirror.rebuild()
    print(f"OpenSearch index: {written} documents in {time.perf_counter() - started:.0f} s")
    return server


# Relevance ---------------------------------------------------------------------------------

JUDGED = ROOT / "bench" / "relevance.json"


def dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def judge(paths: list[str], expected: dict[str, int]) -> tuple[bool, float]:
    """Whether a best page is in the top three, and nDCG@10 (a path counts once)."""
    seen: list[str] = []
    for path in paths:
        if path not in seen:
            seen.append(path)
    best = {path for path, grade in expected.items() if grade == max(expected.values())}
    top3 = bool(best.intersection(seen[:3]))
    ideal = dcg(sorted(expected.values(), reverse=True)[:10])
    return top3, dcg([expected.get(path, 0) for path in seen[:10]]) / ideal


def relevance(engines: list[str], opensearch_url: str | None, rounds: int) -> None:
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Page

    call_command("migrate", verbosity=0)
    if Page.objects.filter(depth__gt=2).count() < 10:
        print("Loading the demo content (once; kept in the scratch database)")
        call_command("load_demo_content", verbosity=0)
    judged = json.loads(JUDGED.read_text())["queries"]
    client = Client()
    rows = []
    for engine in engines:
        server = use_engine(engine, opensearch_url)
        hits, gains, times = 0, [], []
        misses = []
        try:
            for item in judged:
                params = {"q": item["q"], "locale": item["locale"], "page_size": 10}
                for _ in range(rounds):
                    started = time.perf_counter()
                    response = client.get("/api/v3/search/", params)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content
                paths = [hit["path"] for hit in response.json()["results"] if hit["path"]]
                top3, gain = judge(paths, item["expected"])
                hits += top3
                gains.append(gain)
                if not top3:
                    misses.append(f"{item['q']!r} ({item['locale']}): {paths[:3]}")
        finally:
            if server is not None:
                server.close()
        rows.append((engine, hits / len(judged), statistics.mean(gains), times, misses))
    print(f"\n{len(judged)} judged queries (bench/relevance.json), {rounds} rounds each")
    print(f"{'engine':12} {'top-3':>7} {'nDCG@10':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for engine, share, ndcg, times, _misses in rows:
        print(
            f"{engine:12} {share:7.0%} {ndcg:8.3f} {statistics.median(times):8.1f} "
            f"{percentile(times, 95):8.1f}"
        )
    for engine, _share, _ndcg, _times, misses in rows:
        for miss in misses:
            print(f"  {engine}: best page not in the top three for {miss}")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=5, help="Times each query is repeated.")
    parser.add_argument("--no-stock", action="store_true", help="Skip stock Wagtail search.")
    parser.add_argument("--stock-timeout", type=float, default=30.0)
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="Generate the pages and build the indexes, then stop (time them later).",
    )
    parser.add_argument(
        "--engine",
        choices=["database", "opensearch"],
        default="database",
        help="The site search's engine to time (OpenSearch: its index copied first).",
    )
    parser.add_argument(
        "--opensearch-url", help="An OpenSearch cluster to use (default: start osmem-server)."
    )
    parser.add_argument(
        "--relevance",
        action="store_true",
        help="Relevance of both engines on the demo content's judged queries instead.",
    )
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if args.relevance:
        configure(args.database, 0, "demo")
        relevance(["database", "opensearch"], args.opensearch_url, args.rounds)
        return
    url = configure(args.database, args.pages)
    from django.db import connection
    from django.test import Client

    build(args.pages, url, stock=not args.no_stock)
    if args.build_only:
        return
    server = use_engine(args.engine, args.opensearch_url)
    if args.engine == "opensearch":
        print("Site search on OpenSearch")
    try:
        timing(args, Client(), connection.vendor)
    finally:
        if server is not None:
            server.close()


def timing(args: argparse.Namespace, client, vendor: str) -> None:
    """p50/p95 of each endpoint, and the site search against stock ``?search=``."""
    queries = COMMON_QUERIES + RARE_QUERIES + MULTI_QUERIES
    plans = {
        "site search (with facets)": [f"/api/v3/search/?q={q}&page_size=10" for q in queries],
        "site search, filtered": [
            f"/api/v3/search/?q={q}&type=report&report_type=brochure" for q in queries
        ],
        "suggest": [f"/api/v3/search/suggest/?q={p}" for p in SUGGEST_PREFIXES],
    }
    if not args.no_stock:
        plans["stock ?search= (pages API)"] = [
            f"/api/v3/pages/?search={q}&limit=10" for q in queries
        ]
    print(f"\n{'endpoint':34} {'n':>5} {'p50 ms':>9} {'p95 ms':>9}  note")
    # name: (p50, p95, whether they are lower bounds)
    summary: dict[str, tuple[float, float, bool]] = {}
    for name, urls in plans.items():
        if name.startswith("stock"):
            times, bounded, skipped = measure_each(client, urls, args.rounds, args.stock_timeout)
            note = (
                f"skipped, over {args.stock_timeout:.0f} s: {', '.join(skipped)}" if skipped else ""
            )
            summary[name] = (
                statistics.median(bounded),
                percentile(bounded, 95),
                bool(skipped),
            )
            if not times:
                print(f"{name:34} {0:5d} {'-':>9} {'-':>9}  {note}")
                continue
        else:
            times, note = measure(client, urls, args.rounds)
            summary[name] = (statistics.median(times), percentile(times, 95), False)
        estimated = [url for url in urls if url in ESTIMATED]
        if estimated:
            note = f"{note} counts estimated for {len(estimated)} of {len(urls)} queries".strip()
        print(
            f"{name:34} {len(times):5d} {statistics.median(times):9.1f} "
            f"{percentile(times, 95):9.1f}  {note}",
            flush=True,
        )
    report(summary, vendor, args.pages)
    for label, group in (("common", COMMON_QUERIES), ("rare", RARE_QUERIES)):
        times, _ = measure(client, [f"/api/v3/search/?q={q}" for q in group], args.rounds)
        print(
            f"  site search, {label} words: p50 {statistics.median(times):.1f} ms, "
            f"p95 {percentile(times, 95):.1f} ms"
        )


if __name__ == "__main__":
    main()
