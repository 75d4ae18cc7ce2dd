"""
The mission and the nine focus areas of the Alliance's strategic plan.

Each ``goal`` is the one-line goal as the strategic plan states it (a fact carried
over, so it is kept word for word); everything else is written for the demo.
"""

from ..refs import ImageRef, PageRef, SnippetRef
from ..specs import PageSpec
from ..streams import call_to_action, figure, heading, key_figures, paragraph, priority

INDEX = PageSpec(
    key="initiatives",
    model="initiatives.InitiativeIndexPage",
    parent="home",
    slug="initiatives",
    title="Our mission and initiatives",
    show_in_menus=False,
    fields={
        "listing_summary": (
            "The MetroHartford Alliance’s mission and the nine focus areas of its strategic plan."
        ),
        "listing_image": ImageRef("hero-initiatives"),
        "intro": (
            "The MetroHartford Alliance leads economic development for the Hartford region "
            "and serves as the City of Hartford’s Chamber of Commerce. Our mission is to make "
            "sure the city and region compete aggressively, and successfully, for jobs, "
            "capital and talent."
        ),
        "body": [
            heading("Our mission"),
            paragraph(
                "We want Hartford and its region to stay among the best places anywhere to "
                "live, play and work, to start and grow a business, and to raise a family, "
                "for everyone who calls them home.",
                "Getting there means competing for jobs, capital and talent, and winning.",
            ),
            heading("How we work"),
            paragraph(
                "The Alliance is the strategic convener of the region’s investors, stakeholders "
                "and other interested parties, bringing them together on objectives that can "
                "only be reached through collaboration.",
                "We work in an integrated way, partnering with other organizations to grow the "
                "economic pie so that the region, our investors and our partners all benefit.",
            ),
            key_figures(
                figure(
                    "Focus areas in the Alliance’s strategic plan",
                    9,
                    unit="focus areas",
                    source="MetroHartford Alliance strategic plan",
                )
            ),
            heading("Nine focus areas"),
            paragraph(
                "Each focus area has its own goal and priorities, from strengthening the "
                "insurance and health sectors to building the talent pipeline and advocating "
                "for sound public policy.",
            ),
        ],
    },
)


def initiative(
    key,
    slug,
    title,
    goal,
    summary,
    listing_summary,
    priorities,
    body,
    *,
    tags,
    listing,
    hero,
    contact,
    industries=(),
    reports=(),
    partners=(),
):
    return PageSpec(
        key=f"initiative:{key}",
        model="initiatives.InitiativePage",
        parent="initiatives",
        slug=slug,
        title=title,
        fields={
            "listing_summary": listing_summary,
            "listing_image": ImageRef(f"listing-{listing}"),
            "hero_image": ImageRef(f"hero-{hero}"),
            "goal": goal,
            "summary": summary,
            "priorities": [priority(*item) for item in priorities],
            "body": body,
            "contact_person": SnippetRef("person", contact),
        },
        relations={
            "partners": [{"organisation": SnippetRef("organisation", o)} for o in partners],
            "related_industries": [{"industry": PageRef(f"industry:{i}")} for i in industries],
            "related_reports": [{"report": PageRef(f"report:{r}")} for r in reports],
        },
        tags=tags,
    )


def _report_cta(heading_text, text):
    return call_to_action(
        heading_text, text, "Read Progress Points", page="report:progress-points-3"
    )


INITIATIVES = [
    initiative(
        "insurance-cluster",
        "insurance-financial-services-cluster",
        "Connecticut Insurance & Financial Services Cluster",
        "Leverage Connecticut’s brand as the Insurance Capital to drive employment retention "
        "and growth in the financial services sector",
        "Connecticut’s standing as the Insurance Capital is an advantage few places can match. "
        "Through this cluster, the Alliance works with insurers, financial services firms and "
        "partners to keep jobs in the region, attract new employers and strengthen the "
        "sector’s reputation.",
        "Building on the Insurance Capital brand to keep and grow financial services jobs.",
        [
            (
                "Champion the brand",
                "Promote Connecticut as the Insurance Capital to employers, investors and talent.",
            ),
            (
                "Keep and grow jobs",
                "Work with companies in the sector to retain employment and support growth.",
            ),
            (
                "Convene the cluster",
                "Bring carriers, financial firms and partners together around shared challenges.",
            ),
        ],
        [
            heading("An industry that defines the region"),
            paragraph(
                "Insurance and financial services have shaped the Hartford region for "
                "generations. The cluster makes sure that legacy keeps paying off in jobs, "
                "investment and talent.",
            ),
            call_to_action(
                "Insurance & financial services",
                "What the region offers companies in the sector.",
                "See the industry profile",
                page="industry:insurance",
            ),
        ],
        tags=("insurance", "financial services", "jobs"),
        listing="insurance",
        hero="industries",
        contact="maya-castillo",
        industries=("insurance",),
        partners=("cifs",),
    ),
    initiative(
        "health-council",
        "connecticut-health-council",
        "Connecticut Health Council",
        "Build Connecticut’s brand as a center of health excellence to drive employment "
        "retention and growth in the health sector",
        "Health care and life sciences offer careers at every level. Through the Connecticut "
        "Health Council, the Alliance helps build Connecticut’s brand as a center of health "
        "excellence, with the aim of keeping and growing jobs in the sector.",
        "Making Connecticut known as a center of health excellence, and growing health jobs.",
        [
            ("Build the brand", "Position Connecticut as a center of health excellence."),
            (
                "Keep and grow jobs",
                "Support employment retention and growth across the health sector.",
            ),
        ],
        [
            heading("Health as an engine of growth"),
            paragraph(
                "A reputation for excellence draws patients, professionals and companies. The "
                "council works to earn and share that reputation for Connecticut.",
            ),
            call_to_action(
                "Health sector",
                "The region’s strengths in health.",
                "See the industry profile",
                page="industry:health",
            ),
        ],
        tags=("health", "jobs"),
        listing="health",
        hero="industries",
        contact="maya-castillo",
        industries=("health",),
        partners=("chc",),
    ),
    initiative(
        "global-reach",
        "global-reach",
        "Global Reach",
        "Attract greater foreign direct investment and drive employment growth",
        "Companies around the world are choosing where to invest, and the Hartford region "
        "competes for their attention. Global Reach presents the region to international "
        "investors and helps foreign companies establish themselves here, bringing new jobs "
        "with them.",
        "Bringing international investment, and the jobs that come with it, to the region.",
        [
            (
                "Attract foreign direct investment",
                "Present the Hartford region to international companies and investors.",
            ),
            (
                "Support international companies",
                "Help companies from abroad locate and expand in the region.",
            ),
            ("Grow employment", "Judge success by the jobs that international investment brings."),
        ],
        [
            heading("The region on a global stage"),
            paragraph(
                "The Alliance tells the Hartford region’s story to a global audience, showing "
                "international companies why it is an exceptional place to build a business.",
            ),
            call_to_action(
                "Key industries",
                "Six industries where international companies find a home.",
                "See the industries",
                page="key-industries",
            ),
        ],
        tags=("international", "investment", "jobs"),
        listing="global",
        hero="business",
        contact="maya-castillo",
        industries=("aerospace", "manufacturing", "logistics"),
    ),
    initiative(
        "urban-core",
        "hartford-dynamic-urban-core",
        "Hartford as the Region’s Dynamic Urban Core",
        "Use the Board of the Hartford Chamber of Commerce to advocate aggressively and "
        "effectively for privately held businesses to start and expand in the City",
        "A strong region needs a strong center. As the City of Hartford’s Chamber of "
        "Commerce, the Alliance uses the voice of the Hartford Chamber of Commerce board to "
        "press for the conditions that let privately held businesses start and expand in the "
        "capital city.",
        "Making the case for privately held businesses to start and grow in Hartford.",
        [
            (
                "Advocate for city businesses",
                "Speak up for privately held businesses that want to start or expand in Hartford.",
            ),
            (
                "Strengthen downtown",
                "Support the colleges, innovation hubs and transit-oriented development that "
                "bring people and activity downtown.",
            ),
        ],
        [
            heading("A capital city with momentum"),
            paragraph(
                "Trinity College, UConn and the University of Saint Joseph are expanding "
                "downtown, and innovation hubs are helping new companies take root. The "
                "Chamber board makes sure the city’s business climate keeps pace.",
            ),
            _report_cta(
                "Progress and promise",
                "Progress Points tracks where meaningful change is under way in the region.",
            ),
        ],
        tags=("Hartford", "downtown", "advocacy"),
        listing="downtown",
        hero="hartford",
        contact="samuel-okafor",
        reports=("progress-points-3",),
    ),
    initiative(
        "hype",
        "hype",
        "Hartford Young Professionals and Entrepreneurs (HYPE)",
        "Enhance the Region’s ability to compete aggressively and successfully for talent by "
        "linking employer needs with young professionals’ skills and objectives",
        "HYPE is the Alliance’s network for young professionals and entrepreneurs. It helps "
        "the region win the competition for talent by connecting early-career people with "
        "employers who need their skills, with one another and with the life of the region, "
        "so that they build their careers here.",
        "The Alliance’s network linking young professionals and entrepreneurs with employers, "
        "peers and the region.",
        [
            (
                "Match talent with employers",
                "Link what employers need with the skills and goals of young professionals.",
            ),
            (
                "Build connections",
                "Help early-career professionals meet one another and find their place in the "
                "region.",
            ),
            (
                "Keep graduates in the region",
                "Progress Points finds that Metro Hartford keeps fewer four-year graduates than "
                "any other metro region; HYPE works to change that.",
            ),
            (
                "Encourage civic leadership",
                "Invite young professionals to take an active part in the region’s civic life.",
            ),
        ],
        [
            heading("Talent is the region’s edge"),
            paragraph(
                "Employers compete for skilled people, and young professionals choose where "
                "to live as carefully as where to work. HYPE brings the two together.",
                "HYPE works alongside other groups that engage millennials, including United "
                "Way’s Emerging Leaders and the Urban League’s Young Professionals, to connect "
                "young people with each other and with the region.",
            ),
            _report_cta(
                "What the data says",
                "Progress Points asks how the region can keep and attract skilled workers.",
            ),
        ],
        tags=("talent", "young professionals", "millennials"),
        listing="hype",
        hero="talent",
        contact="theo-brandt",
        reports=("progress-points-3",),
    ),
    initiative(
        "entrepreneurial-ecosystem",
        "entrepreneurial-ecosystem",
        "Entrepreneurial Ecosystem",
        "Promote the Region as an attractive environment for start-ups and enhance the "
        "success of second-stage companies to drive employment growth",
        "New and growing companies bring jobs and ideas to the region. This initiative "
        "promotes the Hartford region as a welcoming place to start a business and helps "
        "second-stage companies, those past the start-up phase and ready to scale, succeed.",
        "Making the region a place where start-ups launch and second-stage companies grow.",
        [
            (
                "Promote the region to founders",
                "Show entrepreneurs why the Hartford region is a good place to launch.",
            ),
            (
                "Help second-stage companies scale",
                "Support companies moving beyond the start-up phase.",
            ),
            (
                "Connect founders to support",
                "Point entrepreneurs to innovation hubs such as reSET, Make Hartford and Axis "
                "901, and to support centers like Innovation Destination Hartford.",
            ),
        ],
        [
            heading("From first idea to second stage"),
            paragraph(
                "The region’s innovation hubs and support centers offer business advice and "
                "other help to small companies. The Alliance makes sure founders know where to "
                "find it and why the region is a good place to grow.",
            ),
            _report_cta(
                "Job growth in the region",
                "Progress Points looks at how innovation hubs support small businesses.",
            ),
        ],
        tags=("entrepreneurship", "start-ups", "innovation"),
        listing="startups",
        hero="business",
        contact="maya-castillo",
        reports=("progress-points-3",),
    ),
    initiative(
        "talent",
        "talent-education-pipeline",
        "Talent & Education Pipeline",
        "Strengthen the links between private sector employers, higher education, public "
        "schools and related organizations to ensure a talented, educated workforce for the "
        "next decade and beyond",
        "A strong economy depends on a steady supply of skilled, educated people. This "
        "initiative strengthens the ties between private employers, colleges and "
        "universities, public schools and related organizations, so that students are "
        "prepared for the jobs of the next decade and employers find the talent they need.",
        "Connecting employers, colleges and schools to build the region’s future workforce.",
        [
            (
                "Connect employers and educators",
                "Bring private sector employers together with higher education, public "
                "schools and related organizations.",
            ),
            (
                "Build career pathways",
                "Support regional collaboratives that link middle schools, high schools, "
                "higher education, adult education, employers and workforce development.",
            ),
            (
                "A quality education for every student",
                "Back efforts to raise achievement, including in math and science in "
                "Hartford’s public schools.",
            ),
        ],
        [
            heading("Preparing the workforce of the next decade"),
            paragraph(
                "Progress Points reports that Hartford public school students still score low "
                "in math and science, and that the region keeps fewer four-year graduates than "
                "any other metro region. Both findings point to the same need: closer ties "
                "between education and work.",
                "Trinity College, UConn and the University of Saint Joseph are expanding in "
                "downtown Hartford, and local funders and nonprofits are building new links "
                "between school leaders. The Alliance connects these efforts with what "
                "employers need.",
            ),
            _report_cta(
                "The full picture",
                "Progress Points sets out the region’s education challenges.",
            ),
        ],
        tags=("education", "workforce", "talent"),
        listing="talent",
        hero="talent",
        contact="rosa-delgado",
        industries=("insurance", "health", "manufacturing"),
        reports=("progress-points-3",),
    ),
    initiative(
        "marketing",
        "marketing-the-region",
        "Marketing the Region",
        "Establish and sustain a collaborative effort to market the Hartford Region for "
        "employment and talent retention and growth",
        "The Hartford region has a strong story, and it is most convincing when many voices "
        "tell it together. This initiative brings partners into a sustained, shared effort to "
        "market the region to employers and talent.",
        "Telling the Hartford region’s story, together and consistently.",
        [
            ("Tell one story", "Build a shared message about the region that partners can use."),
            (
                "Sustain the effort",
                "Keep regional marketing going year after year, not campaign by campaign.",
            ),
            (
                "Reach employers and talent",
                "Aim the region’s story at the companies and people it wants to keep and attract.",
            ),
        ],
        [
            heading("Many voices, one region"),
            paragraph(
                "The Alliance shares the story of the Hartford region on a global stage, "
                "presenting it as an exceptional place to build a business, an industry, a "
                "career and a future.",
            ),
            call_to_action(
                "You belong here",
                "The region as the people who live here see it.",
                "Explore the region",
                page="you-belong-here",
            ),
        ],
        tags=("marketing", "talent"),
        listing="story",
        hero="hartford",
        contact="priya-natarajan",
        industries=("broadcasting",),
    ),
    initiative(
        "public-policy",
        "public-policy-leadership",
        "Public Policy Leadership",
        "Advocate even more effectively for state and municipal policies, legislation, and "
        "regulation that support aggressive and effective competition for employment "
        "retention and growth, capital investment, and talent",
        "Public policy shapes how well the region can compete. The Alliance represents its "
        "investors at the state and municipal level, pressing for policies, legislation and "
        "regulation that help the region keep and grow jobs, attract capital investment and "
        "win talent.",
        "Advocating for state and municipal policies that help the region compete.",
        [
            (
                "State policy",
                "Press for legislation and regulation that help Connecticut compete for jobs, "
                "capital and talent.",
            ),
            (
                "Municipal policy",
                "Work with cities and towns on the local rules that shape business growth.",
            ),
            ("Speak for investors", "Bring the voice of the Alliance’s investors to policymakers."),
        ],
        [
            heading("Policy that helps the region compete"),
            paragraph(
                "Good policy can help a region keep its employers, draw investment and hold on "
                "to talent. The Alliance brings its investors’ experience to the table when "
                "those decisions are made.",
            ),
            call_to_action(
                "Join the conversation",
                "Investors help set the Alliance’s policy priorities.",
                "Investing in the MHA",
                page="investing-in-the-mha",
            ),
        ],
        tags=("policy", "advocacy"),
        listing="policy",
        hero="about",
        contact="samuel-okafor",
    ),
]

INITIATIVE_PAGES = [INDEX, *INITIATIVES]
