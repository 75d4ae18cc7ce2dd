"""
Fill a benchmark database: the demo content plus generated pages with realistic
bodies (reports, initiatives, content pages), so listings and details do real work.

    DJANGO_SETTINGS_MODULE=bench.settings BENCH_DATABASE_URL=... python -m bench.generate 10000

Idempotent: pages already generated are kept, only the missing ones are added.
"""

import io
import random
import sys
import time

import django

django.setup()

from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from PIL import Image as PILImage  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from cms.progress import Progress  # noqa: E402
from home.models import ContentPage, HomePage  # noqa: E402
from initiatives.models import InitiativeIndexPage, InitiativePage  # noqa: E402
from reports.models import ReportIndexPage, ReportPage  # noqa: E402

WORDS = (  # noqa: SIM905  (one string reads better than ninety quoted words)
    "region talent workforce employers insurance health aerospace logistics manufacturing "
    "broadcasting transit downtown housing investment startups entrepreneurs graduates "
    "millennials universities schools pipeline innovation capital growth jobs partners "
    "collaboration leadership civic community corridor rail fastrak hartford middlesex tolland "
    "counties wages skills training apprenticeships exports investors chamber policy"
).split()


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return "<p>" + " ".join(sentence(rng) for _ in range(5)) + "</p>"


def images(count: int = 12) -> list:
    Image = get_image_model()
    pool = list(Image.objects.filter(title__startswith="Bench image ").order_by("pk"))
    for n in range(len(pool), count):
        canvas = PILImage.new("RGB", (1600, 900), (20 + n * 15, 60, 120))
        buffer = io.BytesIO()
        canvas.save(buffer, "JPEG", quality=80)
        image = Image(title=f"Bench image {n}", description=f"Generated benchmark image {n}")
        image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"bench-{n}.jpg")
        image.save()
        pool.append(image)
    return pool


def report(rng: random.Random, n: int, pool: list) -> ReportPage:
    return ReportPage(
        title=f"Regional data brief {n}",
        slug=f"bench-report-{n}",
        report_type=rng.choice(["data_brief", "brochure", "annual_report"]),
        edition=str(2000 + n % 25),
        publication_date=f"{2000 + n % 25}-{1 + n % 12:02d}-01",
        summary=sentence(rng, 30),
        listing_summary=sentence(rng, 20),
        listing_image=rng.choice(pool),
        body=[
            {"type": "heading", "value": {"text": sentence(rng, 5), "level": "h2"}},
            {"type": "paragraph", "value": paragraph(rng)},
            {
                "type": "challenge",
                "value": {
                    "question": sentence(rng, 10),
                    "finding": sentence(rng, 9),
                    "detail": sentence(rng, 20),
                    "figures": [],
                },
            },
            {
                "type": "indicator",
                "value": {
                    "label": sentence(rng, 4),
                    "value": rng.randint(1, 900) / 10,
                    "unit": "%",
                    "period": "2024",
                    "comparison_value": 41.5,
                    "comparison_label": "U.S. average",
                    "source": "Bench data",
                    "source_url": "",
                },
            },
            {
                "type": "data_table",
                "value": {
                    "title": sentence(rng, 4),
                    "source": "Bench data",
                    "source_url": "",
                    "table": {
                        "caption": "",
                        "columns": [
                            {"type": "text", "heading": "County"},
                            {"type": "number", "heading": "Jobs"},
                        ],
                        "rows": [
                            {"values": [c, rng.randint(1000, 90000)]}
                            for c in ("Hartford", "Middlesex", "Tolland")
                        ],
                    },
                },
            },
            {"type": "paragraph", "value": paragraph(rng)},
        ],
    )


def initiative(rng: random.Random, n: int, pool: list) -> InitiativePage:
    return InitiativePage(
        title=f"Regional initiative {n}",
        slug=f"bench-initiative-{n}",
        goal=sentence(rng, 15),
        summary=sentence(rng, 40),
        listing_image=rng.choice(pool),
        body=[{"type": "paragraph", "value": paragraph(rng)} for _ in range(3)],
        priorities=[
            {"type": "priority", "value": {"title": sentence(rng, 4), "description": sentence(rng)}}
        ],
    )


def content(rng: random.Random, n: int, pool: list) -> ContentPage:
    return ContentPage(
        title=f"Regional insight {n}",
        slug=f"bench-content-{n}",
        intro=sentence(rng, 25),
        listing_image=rng.choice(pool),
        body=[{"type": "paragraph", "value": paragraph(rng)} for _ in range(4)],
    )


def main(total: int) -> None:
    started = time.monotonic()
    if not HomePage.objects.exists():
        call_command("load_demo_content", "--no-users", stdout=io.StringIO())
    english = Locale.objects.get(language_code="en")
    parents = {
        ReportPage: ReportIndexPage.objects.get(locale=english),
        InitiativePage: InitiativeIndexPage.objects.get(locale=english),
        ContentPage: ContentPage.objects.get(locale=english, slug="business-insights"),
    }
    builders = {ReportPage: report, InitiativePage: initiative, ContentPage: content}
    shares = {ReportPage: 0.5, InitiativePage: 0.25, ContentPage: 0.25}
    pool = images()
    prefixes = {model: f"bench-{model.__name__.removesuffix('Page').lower()}-" for model in shares}
    have = {
        model: model.objects.filter(slug__startswith=prefix).count()
        for model, prefix in prefixes.items()
    }
    wanted = {model: int(total * share) for model, share in shares.items()}
    missing = sum(max(0, wanted[model] - have[model]) for model in shares)
    # A bar on a terminal, a line every 10 s otherwise (cms/progress.py).
    with Progress(missing, "Generating pages") as progress:
        for model in shares:
            parent = parents[model]
            rng = random.Random(f"{model.__name__}-{have[model]}")
            for start in range(have[model], wanted[model], 500):
                end = min(start + 500, wanted[model])
                with transaction.atomic():
                    for n in range(start, end):
                        parent.add_child(instance=builders[model](rng, n, pool))
                progress.update(end - start)
    print(f"Generated {missing} pages in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
