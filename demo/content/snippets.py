"""
Themes, organisations and people.

The organisations are the bodies named in the seeds (the Progress Points report and
the strategic plan). Every person is fictional: the demo must not put words or roles
in the mouths of real board members or staff.
"""

from ..refs import ImageRef
from ..specs import SnippetSpec

THEMES = [
    SnippetSpec(
        "theme",
        "next-generation",
        "The Next Generation",
        {
            "description": (
                "Attracting and keeping millennials and young professionals, and connecting "
                "people across the region to opportunity."
            ),
        },
    ),
    SnippetSpec(
        "theme",
        "job-growth",
        "Job Growth",
        {
            "description": (
                "Aligning workforce and economic development so that employers find the "
                "skills they need, and making sure every student gets a quality education."
            ),
        },
    ),
    SnippetSpec(
        "theme",
        "leadership",
        "Leadership & Civic Engagement",
        {
            "description": (
                "How leaders and residents work together, often informally and voluntarily, "
                "on challenges that cross town lines."
            ),
        },
    ),
]


def _organisation(key, name, kind, description):
    return SnippetSpec(
        "organisation",
        key,
        name,
        {"kind": kind, "description": description, "logo": ImageRef(f"logo-{key}")},
    )


ORGANISATIONS = [
    _organisation(
        "trinity",
        "Trinity College",
        "university",
        "A Hartford college that Progress Points names among the institutions growing "
        "their presence downtown.",
    ),
    _organisation(
        "uconn",
        "University of Connecticut (UConn)",
        "university",
        "The state’s flagship university, named in Progress Points among the institutions "
        "expanding in downtown Hartford.",
    ),
    _organisation(
        "usj",
        "University of Saint Joseph",
        "university",
        "A university named in Progress Points among the institutions expanding in "
        "downtown Hartford.",
    ),
    _organisation(
        "united-way",
        "United Way",
        "nonprofit",
        "Its Emerging Leaders group brings young professionals together and connects them "
        "with the region.",
    ),
    _organisation(
        "urban-league",
        "Urban League",
        "nonprofit",
        "Its Young Professionals group engages millennials and connects them with one "
        "another and with the region.",
    ),
    _organisation(
        "reset",
        "reSET",
        "other",
        "An innovation hub offering business advisory services and other support to help "
        "small businesses thrive.",
    ),
    _organisation(
        "make-hartford",
        "Make Hartford",
        "other",
        "An innovation hub that Progress Points counts among the region’s supports for "
        "small businesses.",
    ),
    _organisation(
        "axis-901",
        "Axis 901",
        "other",
        "An innovation hub that Progress Points counts among the region’s supports for "
        "small businesses.",
    ),
    _organisation(
        "idh",
        "Innovation Destination Hartford",
        "other",
        "An entrepreneur support center offering business advisory services to small businesses.",
    ),
    _organisation(
        "cifs",
        "Connecticut Insurance & Financial Services Cluster",
        "partner",
        "The cluster through which the Alliance promotes Connecticut as the Insurance "
        "Capital and works to keep and grow financial services jobs.",
    ),
    _organisation(
        "chc",
        "Connecticut Health Council",
        "partner",
        "The council through which the Alliance builds Connecticut’s brand as a center of "
        "health excellence.",
    ),
]

# Organisations named in the Progress Points report, in the order the report names them.
REPORT_ORGANISATIONS = [
    "trinity",
    "uconn",
    "usj",
    "united-way",
    "urban-league",
    "reset",
    "make-hartford",
    "axis-901",
    "idh",
]


def _person(key, name, role, group, bio):
    return SnippetSpec(
        "person",
        key,
        name,
        {
            "role": role,
            "group": group,
            "organisation": "",
            "bio": bio,
            "photo": ImageRef(f"portrait-{key}"),
        },
    )


# Fictional people, invented for the demo.
STAFF = [
    _person(
        "jordan-ellison",
        "Jordan Ellison",
        "President & CEO",
        "staff",
        "Jordan leads the Alliance’s staff and works with the board and investors to set "
        "the organization’s strategy for the region.",
    ),
    _person(
        "maya-castillo",
        "Maya Castillo",
        "Senior Vice President, Economic Development",
        "staff",
        "Maya guides companies and site selectors through their search and leads the "
        "Alliance’s business recruitment and retention work.",
    ),
    _person(
        "samuel-okafor",
        "Samuel Okafor",
        "Vice President, Public Policy",
        "staff",
        "Samuel represents the Alliance’s investors on state and municipal policy and "
        "staffs the Hartford Chamber of Commerce board.",
    ),
    _person(
        "priya-natarajan",
        "Priya Natarajan",
        "Director, Marketing & Communications",
        "staff",
        "Priya tells the region’s story to audiences near and far and edits The Hartbeat.",
    ),
    _person(
        "theo-brandt",
        "Theo Brandt",
        "Director, HYPE",
        "staff",
        "Theo runs Hartford Young Professionals and Entrepreneurs, connecting early-career "
        "talent with employers and with each other.",
    ),
    _person(
        "rosa-delgado",
        "Rosa Delgado",
        "Director, Talent & Education",
        "staff",
        "Rosa works with employers, colleges and schools to strengthen the region’s "
        "talent pipeline.",
    ),
    _person(
        "lena-whitcombe",
        "Lena Whitcombe",
        "Director, Investor Relations",
        "staff",
        "Lena is the first point of contact for the Alliance’s investors and for "
        "organizations interested in joining.",
    ),
]

BOARD = [
    _person(
        "catherine-lowry",
        "Catherine Lowry",
        "Chair of the Board",
        "board",
        "Catherine is a financial services executive who has served on the board for "
        "several years.",
    ),
    _person(
        "marcus-dewitt",
        "Marcus DeWitt",
        "Vice Chair",
        "board",
        "Marcus leads a family-owned manufacturing business in the region.",
    ),
    _person(
        "elena-ruiz",
        "Elena Ruiz-Hartley",
        "Treasurer",
        "board",
        "Elena is a certified public accountant and partner in a regional accounting firm.",
    ),
    _person(
        "daniel-ashcombe",
        "Daniel Ashcombe",
        "Secretary",
        "board",
        "Daniel is an attorney who advises growing companies.",
    ),
    _person(
        "harriet-kwon",
        "Harriet Kwon",
        "Director",
        "board",
        "Harriet is a health care administrator.",
    ),
    _person(
        "oliver-mensah",
        "Oliver Mensah",
        "Director",
        "board",
        "Oliver founded a Hartford technology start-up.",
    ),
]

PEOPLE = STAFF + BOARD
