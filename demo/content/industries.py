"""
"Key industries" and its six profiles.

The seeds name the six industries but give no figures for them, so the profiles carry
no statistics (``key_figures`` stays empty) and name no employers; they describe what
the region offers each sector and point to the initiatives that serve it.
"""

from ..refs import ImageRef, PageRef
from ..specs import PageSpec
from ..streams import call_to_action, figure, heading, key_figures, paragraph, strength

INDEX = PageSpec(
    key="key-industries",
    model="industries.IndustryIndexPage",
    parent="home",
    slug="key-industries",
    title="Key industries",
    show_in_menus=True,
    fields={
        "listing_summary": "Six industries at the core of the Hartford region’s economy.",
        "listing_image": ImageRef("listing-insurance"),
        "intro": (
            "Six key industries anchor the Hartford region’s economy and create opportunity "
            "for companies and talent alike."
        ),
        "body": [
            heading("Strength across sectors"),
            paragraph(
                "Insurance and financial services, health, aerospace and defense, logistics and "
                "distribution, advanced manufacturing and broadcasting all draw on the region’s "
                "people, its location and its established networks of companies.",
                "Explore each profile to see what the region offers that industry, then talk "
                "to us about your plans.",
            ),
            key_figures(
                figure(
                    "Key industries profiled for businesses and site selectors",
                    6,
                    unit="industries",
                    source="MetroHartford Alliance",
                )
            ),
            call_to_action(
                "Evaluating a location?",
                "Support for site selectors and corporate real estate teams.",
                "Site selectors",
                page="site-selectors",
            ),
        ],
    },
)


def industry(
    key, slug, title, summary, listing_summary, strengths, body, initiatives, tags, listing
):
    return PageSpec(
        key=f"industry:{key}",
        model="industries.IndustryProfilePage",
        parent="key-industries",
        slug=slug,
        title=title,
        show_in_menus=True,
        fields={
            "listing_summary": listing_summary,
            "listing_image": ImageRef(f"listing-{listing}"),
            "hero_image": ImageRef("hero-industries"),
            "sector_summary": summary,
            "strengths": [strength(*item) for item in strengths],
            "body": body,
        },
        relations={
            "related_initiatives": [
                {"initiative": PageRef(f"initiative:{name}")} for name in initiatives
            ],
        },
        tags=tags,
    )


def _contact_cta():
    return call_to_action(
        "Grow with us",
        "Talk to the Alliance about locating or expanding in the Hartford region.",
        "Contact us",
        page="contact-us",
    )


PROFILES = [
    industry(
        "insurance",
        "insurance-financial-services",
        "Insurance & financial services",
        "Connecticut’s brand as the Insurance Capital is rooted in Hartford. Insurers, "
        "financial services firms and the specialists who support them form one of the "
        "region’s defining industries, and the Alliance works with partners to keep the "
        "cluster growing.",
        "The Insurance Capital: a defining industry for the Hartford region.",
        [
            (
                "A brand known around the world",
                "Connecticut’s reputation as the Insurance Capital gives companies in the "
                "sector credibility with customers, partners and recruits.",
            ),
            (
                "Expertise in depth",
                "Generations of industry experience have built a workforce fluent in risk, "
                "finance and the technology behind them.",
            ),
            (
                "A connected cluster",
                "Through the Connecticut Insurance & Financial Services Cluster, companies and "
                "partners work together on the sector’s future.",
            ),
        ],
        [
            heading("Why insurance and finance choose Hartford"),
            paragraph(
                "Few places are as closely identified with an industry as Hartford is with "
                "insurance. That identity is an asset the whole region shares, and the "
                "Alliance puts it to work to keep jobs here and attract new ones.",
            ),
            call_to_action(
                "The cluster initiative",
                "How the Alliance builds on the Insurance Capital brand.",
                "Read about the initiative",
                page="initiative:insurance-cluster",
            ),
        ],
        ["insurance-cluster", "talent"],
        ("insurance", "financial services"),
        "insurance",
    ),
    industry(
        "health",
        "health-sector",
        "Health sector",
        "Connecticut is building its reputation as a center of health excellence. Care "
        "providers, health services and life sciences companies offer careers across the "
        "Hartford region, and the Connecticut Health Council brings the sector together to "
        "keep and grow jobs.",
        "A center of health excellence, with careers across the region.",
        [
            (
                "A center of health excellence",
                "The state is building its brand as a place where care, research and "
                "innovation meet.",
            ),
            (
                "Health and insurance side by side",
                "The region’s insurance know-how sits next to its health sector, opening "
                "opportunities where the two meet.",
            ),
        ],
        [
            heading("A sector with momentum"),
            paragraph(
                "Health offers careers from the bedside to the laboratory and the back office. "
                "The Alliance works with the Connecticut "
                "Health Council to strengthen the sector’s reputation and its growth.",
            ),
            call_to_action(
                "Connecticut Health Council",
                "The Alliance’s focus area for the health sector.",
                "Read about the initiative",
                page="initiative:health-council",
            ),
        ],
        ["health-council", "talent"],
        ("health", "life sciences"),
        "health",
    ),
    industry(
        "aerospace",
        "aerospace-and-defense",
        "Aerospace and defense",
        "Aerospace and defense companies in the Hartford region design, build and support "
        "complex systems, working with precision suppliers and skilled engineers across the "
        "area.",
        "Engineering, precision manufacturing and a skilled workforce for aerospace and defense.",
        [
            (
                "Engineering talent",
                "Colleges, universities and employers in the region develop engineers and "
                "technicians.",
            ),
            (
                "Suppliers nearby",
                "Precision manufacturers across the region support aerospace and defense "
                "production.",
            ),
        ],
        [
            heading("Built for precision"),
            paragraph(
                "The region’s aerospace and defense companies rely on exacting standards and "
                "a workforce trained to meet them. The Alliance helps companies in the sector "
                "find sites, partners and people.",
            ),
            _contact_cta(),
        ],
        ["global-reach", "talent"],
        ("aerospace", "defense", "manufacturing"),
        "aerospace",
    ),
    industry(
        "logistics",
        "logistics-distribution",
        "Logistics & distribution",
        "A central location in the Northeast makes the Hartford region a practical base for "
        "moving goods to the markets between Boston and New York and beyond.",
        "A central Northeast base for moving goods.",
        [
            (
                "Central location",
                "The region sits at the heart of the Northeast, close to its largest markets.",
            ),
            (
                "More ways to move",
                "Regional, state and federal efforts are expanding transportation options and "
                "redesigning infrastructure.",
            ),
        ],
        [
            heading("At the center of the Northeast"),
            paragraph(
                "For distribution and logistics operations, location is everything. From the "
                "Hartford region, customers and suppliers across the Northeast are within "
                "reach.",
            ),
            _contact_cta(),
        ],
        ["global-reach"],
        ("logistics", "distribution"),
        "logistics",
    ),
    industry(
        "manufacturing",
        "advanced-manufacturing",
        "Advanced manufacturing",
        "Advanced manufacturers in the Hartford region combine engineering, precision and "
        "skilled production, and they work with schools and colleges to prepare the next "
        "generation of their workforce.",
        "Precision, engineering and skilled production across the region.",
        [
            (
                "Skilled production",
                "A manufacturing tradition lives on in today’s precision and high-technology "
                "production.",
            ),
            (
                "Career pathways",
                "Regional collaboratives are linking schools, colleges, adult education and "
                "employers to build careers in the sector.",
            ),
        ],
        [
            heading("Making things, and making them better"),
            paragraph(
                "Manufacturers here need skilled people, and the region is responding with "
                "career pathways that bridge middle schools, high schools, higher education, "
                "adult education and employers.",
            ),
            call_to_action(
                "Talent & Education Pipeline",
                "How the Alliance connects employers with schools and colleges.",
                "Read about the initiative",
                page="initiative:talent",
            ),
        ],
        ["talent", "global-reach"],
        ("manufacturing", "workforce"),
        "manufacturing",
    ),
    industry(
        "broadcasting",
        "broadcasting",
        "Broadcasting",
        "Broadcasting and media companies in the Hartford region produce and deliver content "
        "for audiences near and far, drawing on creative and technical talent from across "
        "the area.",
        "Creative and technical talent for broadcasting and media.",
        [
            (
                "Creative and technical talent",
                "Producers, engineers and storytellers work across the region.",
            ),
            (
                "A central location",
                "The region’s place at the heart of the Northeast keeps major audiences and "
                "partners close.",
            ),
        ],
        [
            heading("Telling stories to the world"),
            paragraph(
                "Broadcasting brings together creative and technical skills that the region "
                "has in depth. The Alliance helps media companies find the space, partners and "
                "people they need.",
            ),
            _contact_cta(),
        ],
        ["marketing"],
        ("broadcasting", "media"),
        "broadcasting",
    ),
]

INDUSTRY_PAGES = [INDEX, *PROFILES]
