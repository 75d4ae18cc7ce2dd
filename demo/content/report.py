"""
The third edition of Metro Hartford Progress Points.

The report's words are defined once here and used both for the report page and for
the full-report PDF (``demo.pdf``), so the two always agree.
"""

import datetime

from ..refs import DocumentRef, ImageRef, PageRef, SnippetRef
from ..specs import PageSpec
from ..streams import (
    challenge,
    data_table,
    heading,
    indicator,
    paragraph,
    quote,
    where_change,
)
from .snippets import REPORT_ORGANISATIONS

TITLE = "Metro Hartford Progress Points"
SUBTITLE = "A look at progress and promise in our communities"
EDITION = "Third edition"
SOURCE = "Metro Hartford Progress Points, third edition"
# The seed gives no date. Spring 2016 fits what the report describes: CT Fastrak
# running, the Hartford rail line not yet open, and CCJEF v. Rell still undecided.
PUBLICATION_DATE = datetime.date(2016, 6, 1)

SLUG = "metro-hartford-progress-points-third-edition"
DOCUMENT_TITLE = "Metro Hartford Progress Points — Third edition (full report)"

SUMMARY = (
    "Metro Hartford Progress Points is a periodic check-up on the Greater Hartford "
    "community, prepared by a group of key regional stakeholders. The third edition asks "
    "how the region can keep and attract skilled workers, how transit and amenities can "
    "spur growth, and how every student can get a quality education, and it shows where "
    "meaningful change is already under way."
)

INTRO = [
    "Progress Points is a periodic check-up prepared by a group of key regional "
    "stakeholders to build a shared understanding of the issues facing the Greater Hartford "
    "community.",
    "The third edition looks at a set of connected themes, led by The Next Generation, Job "
    "Growth, and Leadership & Civic Engagement, and at how the region can support "
    "meaningful change.",
]

THEMES = ["The Next Generation", "Job Growth", "Leadership & Civic Engagement"]

# (question, headline finding, explanation)
CHALLENGES = [
    (
        "How can we keep and attract skilled workers in our region?",
        "Metro Hartford retains fewer four-year college graduates than any other metro region.",
        "Every graduate who leaves takes skills that employers here need. Keeping more of "
        "them, and drawing new talent in, is central to the region’s growth.",
    ),
    (
        "How can new transit options and amenities spur growth in our communities?",
        "Many of the region’s residents want walkable places with amenities close at hand.",
        "Places where people can walk to transit, shops and services are in demand, and "
        "towns that create them stand to grow.",
    ),
    (
        "How can we ensure a quality education for every student when resources are scarce?",
        "Hartford public school students still post low scores in math and science.",
        "Closing the gap in achievement is essential both for students and for the "
        "employers who will need their skills.",
    ),
]

FULL_REPORT_NOTE = (
    "All the numbers behind these findings are in the full report, which you can download "
    "from this page."
)

# (theme, focus, items)
WHERE_CHANGE = [
    (
        "The Next Generation",
        "Attracting and retaining millennials",
        [
            "Towns along the CT Fastrak corridor and the New Haven–Hartford–Springfield rail "
            "line are using transit-oriented development to create walkable places near "
            "transportation.",
            "Trinity College, UConn and the University of Saint Joseph are among the colleges "
            "and universities growing their presence in downtown Hartford.",
            "The MetroHartford Alliance’s Hartford Young Professionals and Entrepreneurs "
            "(HYPE), United Way’s Emerging Leaders and the Urban League’s Young Professionals "
            "keep connecting millennials with one another and with the region.",
        ],
    ),
    (
        "The Next Generation",
        "Connecting people to opportunity in the region",
        [
            "Regional, state and federal efforts are adding transportation options and "
            "redesigning existing infrastructure around the needs of today’s residents and "
            "employers.",
        ],
    ),
    (
        "Job Growth",
        "Aligning workforce and economic development",
        [
            "Innovation hubs such as reSET, Make Hartford and Axis 901, together with "
            "entrepreneur support centers like Innovation Destination Hartford, provide "
            "business advice and other help so that small businesses can thrive.",
            "Regional collaboratives are building career pathways that connect middle "
            "schools, high schools, higher education, adult education, employers and "
            "workforce development.",
            "The federally designated North Hartford Promise Zone and the Working Cities "
            "Challenge open the door to new local and federal sources of funding.",
        ],
    ),
    (
        "Job Growth",
        "Ensuring a quality education for all",
        [
            "Local funders and nonprofits are forging new links between superintendents and "
            "administrators in underperforming districts.",
            "The state and region will be called on to address educational disparities "
            "through Sheff v. O’Neill and, potentially, funding disparities through "
            "Connecticut Coalition for Justice in Education Funding v. Rell (CCJEF v. Rell).",
        ],
    ),
]

REGIONAL_THINKING_QUESTIONS = ["What has worked?", "What could we do differently?"]
REGIONAL_THINKING = [
    "Thinking regionally is nothing new in Metro Hartford, even if our results have not "
    "always been consistent. With no regional government, progress depends on leaders "
    "choosing to work together, informally and voluntarily, on challenges that cross town "
    "lines.",
    "The report’s regional-thinking chart traces examples of that collaboration and asks "
    "how the lessons of the region’s past can shape a more successful future.",
]

SNAPSHOT = [
    "Living in Metro Hartford means belonging to something larger than any one city or "
    "town: we are a region.",
    "Our shared task is to make Metro Hartford the best possible home for everyone who lives here.",
]

CLOSING_QUOTE = "Together, we can make a change for the better, for all."

WHERE_CHANGE_COUNT = sum(len(items) for _theme, _focus, items in WHERE_CHANGE)

# Counted from the report's own lists; these are the only figures the seed supports.
TABLE_TITLE = "Where change is under way, by theme and focus"
TABLE_COLUMNS = [("text", "Theme"), ("text", "Focus"), ("number", "Examples listed")]
TABLE_ROWS = [[theme, focus, len(items)] for theme, focus, items in WHERE_CHANGE]


def _body():
    blocks = [
        heading("Inside the report"),
        paragraph(*INTRO),
        heading("Our challenges"),
        *(challenge(q, finding, detail) for q, finding, detail in CHALLENGES),
        paragraph(FULL_REPORT_NOTE),
        indicator("Challenges examined in this edition", len(CHALLENGES), EDITION, SOURCE, unit=""),
        heading("Where will we see meaningful change?"),
        *(where_change(theme, focus, *items) for theme, focus, items in WHERE_CHANGE),
        indicator(
            "Examples of meaningful change listed in the report",
            WHERE_CHANGE_COUNT,
            EDITION,
            SOURCE,
            unit="examples",
        ),
        data_table(TABLE_TITLE, TABLE_COLUMNS, TABLE_ROWS, source=SOURCE),
        heading("Regional thinking"),
        heading(" ".join(REGIONAL_THINKING_QUESTIONS), level="h3"),
        paragraph(*REGIONAL_THINKING),
        heading("A snapshot of the Greater Hartford region"),
        paragraph(*SNAPSHOT),
        quote(CLOSING_QUOTE, attribution=TITLE, role=EDITION),
    ]
    return blocks


PROGRESS_POINTS = PageSpec(
    key="report:progress-points-3",
    model="reports.ReportPage",
    parent="brochures-and-reports",
    slug=SLUG,
    title="Metro Hartford Progress Points: third edition",
    show_in_menus=False,
    fields={
        "listing_summary": (
            "The region’s periodic check-up: retaining talent, transit and growth, and a "
            "quality education for every student."
        ),
        "listing_image": ImageRef("cover-progress-points"),
        "report_type": "progress_points",
        "edition": EDITION,
        "publication_date": PUBLICATION_DATE,
        "summary": SUMMARY,
        "document": DocumentRef("progress-points-3"),
        "cover_image": ImageRef("cover-progress-points"),
        "body": _body(),
    },
    relations={
        "report_themes": [
            {"theme": SnippetRef("theme", key)}
            for key in ("next-generation", "job-growth", "leadership")
        ],
        "organisations": [
            {"organisation": SnippetRef("organisation", key), "role": "partner"}
            for key in REPORT_ORGANISATIONS
        ],
        "related_initiatives": [
            {"initiative": PageRef("initiative:hype")},
            {"initiative": PageRef("initiative:talent")},
        ],
    },
)

REPORT_PAGES = [PROGRESS_POINTS]
