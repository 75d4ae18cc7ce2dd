"""The home page: the Alliance's pitch, its mission and the region at a glance."""

from ..refs import ImageRef, PageRef, page_link
from ..specs import PageSpec
from ..streams import call_to_action, heading, paragraph, region_figure, rich

PLAN = "MetroHartford Alliance strategic plan"
ALLIANCE = "MetroHartford Alliance"

HOME_PAGE = PageSpec(
    key="home",
    model="home.HomePage",
    parent=None,
    slug="home",
    title="MetroHartford Alliance",
    fields={
        "listing_summary": (
            "The MetroHartford Alliance works with investors and partners to grow the "
            "economy of the Hartford region."
        ),
        "listing_image": ImageRef("hero-hartford"),
        "social_image": ImageRef("hero-hartford"),
        "hero_heading": "Together, we lift the Hartford region higher",
        "hero_intro": (
            "The MetroHartford Alliance unites investors, partners and communities to grow the "
            "Hartford region’s economy: recruiting employers, convening leaders around shared "
            "challenges and supporting local business as the city’s chamber."
        ),
        "hero_image": ImageRef("hero-hartford"),
        "mission_heading": "One mission, a network of leaders",
        "mission_statement": rich(
            "As the economic development leader for the Hartford region and the Chamber of "
            "Commerce for the City of Hartford, the Alliance makes sure the city and region "
            "compete hard, and win, for jobs, capital and talent.",
            "Our strategic goals span initiatives that recruit businesses, build a dynamic "
            "urban core, and attract and keep talent. "
            + page_link("initiatives", "Discover our mission and focus areas")
            + ".",
        ),
        "region_heading": "The region at a glance",
        "region_at_a_glance": [
            region_figure(
                "Counties in the region: Hartford, Middlesex and Tolland",
                3,
                unit="counties",
                source=ALLIANCE,
            ),
            region_figure(
                "Focus areas in the Alliance’s strategic plan", 9, unit="focus areas", source=PLAN
            ),
            region_figure(
                "Key industries profiled for businesses and site selectors",
                6,
                unit="industries",
                source=ALLIANCE,
            ),
            region_figure(
                "Editions of Metro Hartford Progress Points, the region’s periodic check-up",
                3,
                unit="editions",
                source="Metro Hartford Progress Points",
            ),
        ],
        "newsletter_heading": "Get The Hartbeat",
        "newsletter_text": (
            "Our daily brief gathers business announcements, updates and events from across "
            "the Hartford region. Sign up and start each day informed."
        ),
        "body": [
            heading("We believe in Hartford"),
            paragraph(
                "Hartford, the capital city, anchors a region where people and companies "
                "flourish across Hartford, Middlesex and Tolland counties.",
                "We carry the region’s story to a global audience and make the case for it as "
                "an outstanding place to build a business, an industry, a career and a future.",
            ),
            call_to_action(
                "You belong here",
                "Culture, community, recreation and learning: see what it is like to live in "
                "the Hartford region.",
                "Explore the region",
                page="you-belong-here",
            ),
            call_to_action(
                "Do business here",
                "A central Northeast location, skilled people and partners ready to help your "
                "company grow.",
                "Why Hartford",
                page="do-business-here",
            ),
            call_to_action(
                "Key industries",
                "From insurance to aerospace, six industries anchor the region’s economy.",
                "See the industries",
                page="key-industries",
            ),
        ],
    },
    relations={
        "featured_initiatives": [
            {"initiative": PageRef("initiative:hype")},
            {"initiative": PageRef("initiative:global-reach")},
            {"initiative": PageRef("initiative:talent")},
        ],
        "featured_reports": [{"report": PageRef("report:progress-points-3")}],
        "featured_industries": [
            {"industry": PageRef("industry:insurance")},
            {"industry": PageRef("industry:health")},
            {"industry": PageRef("industry:aerospace")},
        ],
    },
)
