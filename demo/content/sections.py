"""
The site's sections (the main menu of the Alliance's site) and the pages under them.

"Key industries" is in ``industries``; the initiatives in ``initiatives``; the
Progress Points report in ``report``.
"""

from ..refs import ImageRef
from ..specs import PageSpec
from ..streams import (
    call_to_action,
    figure,
    heading,
    image,
    key_figures,
    organisations,
    paragraph,
    people,
    quote,
)
from .snippets import BOARD, STAFF

ALLIANCE = "MetroHartford Alliance"
ADDRESS = "MetroHartford Alliance, 185 Asylum St., Ste. 111, Hartford, CT 06103"

COUNTIES = figure(
    "Counties in the region: Hartford, Middlesex and Tolland", 3, unit="counties", source=ALLIANCE
)
INDUSTRIES = figure(
    "Key industries profiled for businesses and site selectors",
    6,
    unit="industries",
    source=ALLIANCE,
)
EDITIONS = figure(
    "Editions of Metro Hartford Progress Points, the region’s periodic check-up",
    3,
    unit="editions",
    source="Metro Hartford Progress Points",
)


def content_page(
    key,
    parent,
    title,
    summary,
    intro,
    body,
    *,
    hero="",
    listing="",
    menus=True,
    model="home.ContentPage",
):
    fields = {"listing_summary": summary, "intro": intro, "body": body}
    if hero:
        fields["hero_image"] = ImageRef(f"hero-{hero}")
    if listing:
        fields["listing_image"] = ImageRef(f"listing-{listing}")
    return PageSpec(
        key=key,
        model=model,
        parent=parent,
        slug=key,
        title=title,
        fields=fields,
        show_in_menus=menus,
    )


# You belong here -------------------------------------------------------------------

YOU_BELONG_HERE = [
    content_page(
        "you-belong-here",
        "home",
        "You belong here",
        "Culture, community, recreation and learning: why people from every background make "
        "a home in the Hartford region.",
        "The Hartford region welcomes people of every background and at every stage of life. "
        "Here is what it is like to call it home.",
        [
            heading("A region with room for you"),
            paragraph(
                "Anchored by Hartford, Connecticut’s capital city, our region reaches across "
                "Hartford, Middlesex and Tolland counties. It pairs the energy of a capital "
                "with close-knit towns, open space and a lively civic life.",
                "Whether you are launching a career, raising a family or starting a new "
                "chapter, you will find neighbors who welcome newcomers and institutions that "
                "invest in the people who live here.",
                "The pages in this section introduce the region’s diversity, its arts and "
                "culture, its communities, its sports and recreation, and its schools and "
                "colleges.",
            ),
            image("listing-community", caption="Three counties, one region."),
            key_figures(COUNTIES),
            call_to_action(
                "Find your place",
                "Meet the cities and towns that make up the Hartford region.",
                "Living in the region",
                page="living-in-the-hartford-region",
            ),
        ],
        hero="belong",
        listing="community",
    ),
    content_page(
        "diversity",
        "you-belong-here",
        "Diversity",
        "People of many cultures, languages and traditions make the Hartford region home.",
        "The region draws its strength from the many cultures, languages and traditions that "
        "shape its communities.",
        [
            heading("Many communities, one region"),
            paragraph(
                "Families with deep roots here share neighborhoods with newcomers from across "
                "the country and around the world. That mix brings fresh ideas to local "
                "business, new flavors to the table and more voices to civic life.",
                "The Alliance works with partners so that everyone who comes here can find a "
                "community, a network and an opportunity.",
            ),
            call_to_action(
                "Connect with young professionals",
                "HYPE links early-career talent with employers and with one another.",
                "Meet HYPE",
                page="initiative:hype",
            ),
        ],
        listing="community",
    ),
    content_page(
        "arts-and-culture",
        "you-belong-here",
        "Arts and culture",
        "Stages, galleries, music and festivals bring the Hartford region to life.",
        "From stages and galleries to street festivals, culture is part of everyday life in "
        "the Hartford region.",
        [
            heading("Culture close to home"),
            paragraph(
                "The capital city’s cultural institutions, along with galleries, performance "
                "spaces and community arts groups in towns across the region, offer something "
                "to see or hear on almost any evening.",
                "Because the region is compact, an evening downtown never means a long trip "
                "home, and a weekend is enough to explore the arts scenes of several towns.",
            ),
            image("listing-culture", caption="Arts and culture across the region."),
        ],
        listing="culture",
    ),
    content_page(
        "living-in-the-hartford-region",
        "you-belong-here",
        "Living in the Hartford region",
        "City neighborhoods, suburbs and small towns across Hartford, Middlesex and Tolland "
        "counties.",
        "A city block, a suburban street or a village green: the Hartford region offers many "
        "ways to live.",
        [
            heading("Choose your community"),
            paragraph(
                "With Hartford as its capital city, the region spans Hartford, Middlesex and "
                "Tolland counties. Residents can choose a walkable urban neighborhood, a "
                "suburban town or a rural setting with room to spread out.",
                "Many residents want walkable places with amenities close at hand. Towns along "
                "the CT Fastrak corridor and the New Haven–Hartford–Springfield rail line are "
                "answering with transit-oriented development near stations.",
            ),
            key_figures(COUNTIES),
            call_to_action(
                "See what the region is working on",
                "Metro Hartford Progress Points looks at transit, talent and education.",
                "Read Progress Points",
                page="report:progress-points-3",
            ),
        ],
        listing="community",
    ),
    content_page(
        "sports-and-recreation",
        "you-belong-here",
        "Sports and recreation",
        "Parks, trails, rivers and game days: ways to play in the Hartford region.",
        "Time outdoors and time in the stands are both easy to find here.",
        [
            heading("Room to play"),
            paragraph(
                "Parks, trails and waterways run through the region, with room for a lunchtime "
                "walk, a weekend ride or a day on the water.",
                "Fans can follow college and professional teams, and community leagues give "
                "players of every age a way into the game.",
            ),
        ],
        listing="community",
    ),
    content_page(
        "education",
        "you-belong-here",
        "Education",
        "Schools, colleges and universities that prepare the region’s talent.",
        "Learning is one of the region’s great strengths, from the first day of school to "
        "graduate study.",
        [
            heading("Learning at every stage"),
            paragraph(
                "Trinity College, UConn and the University of Saint Joseph are among the "
                "colleges and universities growing their presence in downtown Hartford, "
                "bringing students and faculty into the heart of the city.",
                "The region is also working to give every student a quality education. Local "
                "funders and nonprofits are building new links among school leaders, and "
                "regional collaboratives are creating career pathways that run from middle "
                "school through higher education and into work.",
            ),
            call_to_action(
                "Building the talent pipeline",
                "See how the Alliance connects employers, colleges and schools.",
                "Talent & Education Pipeline",
                page="initiative:talent",
            ),
        ],
        listing="talent",
    ),
]

# Do business here ------------------------------------------------------------------

DO_BUSINESS_HERE = [
    content_page(
        "do-business-here",
        "home",
        "Do business here",
        "Why companies choose the Hartford region, and how the Alliance helps them start, "
        "relocate and grow.",
        "The Hartford region offers businesses a central Northeast location, skilled people "
        "and a network of partners ready to help.",
        [
            heading("The heart of the Northeast"),
            paragraph(
                "Hartford sits at the heart of the Northeast, within reach of the region’s "
                "largest markets. Companies here draw on a deep pool of talent, established "
                "industry clusters and a capital city that is investing in its future.",
                "As the region’s economic development leader and the City of Hartford’s "
                "Chamber of Commerce, the Alliance helps companies weigh locations, meet "
                "partners and find the resources available to them, whether they are "
                "relocating, expanding or just starting out.",
                "Our aim is straightforward: a city and region that compete hard, and win, for "
                "jobs, capital and talent.",
            ),
            key_figures(INDUSTRIES, COUNTIES),
            call_to_action(
                "Talk to our team",
                "Tell us about your project and we will put you in touch with the right "
                "people and resources.",
                "Contact us",
                page="contact-us",
            ),
        ],
        hero="business",
        listing="downtown",
    ),
    content_page(
        "do-business-in-hartford",
        "do-business-here",
        "Do business in Hartford",
        "Start, grow or move your business in Hartford, the capital city.",
        "Connecticut’s capital offers businesses a central location, a downtown on the move "
        "and an engaged business community.",
        [
            heading("Grow in the capital city"),
            paragraph(
                "The Alliance serves as Hartford’s Chamber of Commerce and speaks up for "
                "policies that help privately held businesses start and expand in the city.",
                "Colleges and universities are expanding downtown, innovation hubs are "
                "backing new companies and neighborhoods are growing around new transit: all "
                "signs of a city building momentum.",
            ),
            call_to_action(
                "Hartford’s urban core",
                "How the Alliance advocates for business in the city.",
                "Read about the initiative",
                page="initiative:urban-core",
            ),
        ],
        listing="downtown",
    ),
    content_page(
        "access-to-major-markets",
        "do-business-here",
        "Access to major markets",
        "A central Northeast location puts customers, suppliers and partners within reach.",
        "From the Hartford region, the Northeast’s major markets are close at hand.",
        [
            heading("Connected to the Northeast"),
            paragraph(
                "The Hartford region lies at the center of the Northeast, between the markets "
                "of Boston and New York.",
                "Service on the New Haven–Hartford–Springfield rail line and the CT Fastrak "
                "corridor give people more ways to reach work, and regional, state and federal "
                "efforts are redesigning infrastructure around the needs of today’s employers.",
            ),
            call_to_action(
                "Logistics & distribution",
                "Why a central location matters for moving goods.",
                "See the industry profile",
                page="industry:logistics",
            ),
        ],
        listing="logistics",
    ),
    content_page(
        "cost-of-doing-business",
        "do-business-here",
        "Cost of doing business",
        "Build a clear picture of what it costs to operate in the Hartford region.",
        "Knowing the numbers helps you plan. We can help you understand operating costs in "
        "the region.",
        [
            heading("Plan with confidence"),
            paragraph(
                "Costs depend on industry, site and workforce, so we start from each "
                "company’s own requirements. We can help you gather information on real "
                "estate, labor and the other factors that shape your bottom line.",
                "For figures on the regional workforce, see our workforce and demographics "
                "page, or ask our team for a briefing tailored to your project.",
            ),
            call_to_action(
                "Workforce and demographics",
                "The people and skills behind the region’s economy.",
                "See the data",
                page="workforce-and-demographics-data",
            ),
        ],
        listing="data",
    ),
    content_page(
        "business-services-partners-and-assistance",
        "do-business-here",
        "Business services, partners and assistance",
        "Advice, partners and resources for companies at every stage.",
        "No business grows alone. The region’s partners offer advice, connections and support "
        "at every stage.",
        [
            heading("Support for every stage"),
            paragraph(
                "Innovation hubs such as reSET, Make Hartford and Axis 901, and entrepreneur "
                "support centers such as Innovation Destination Hartford, offer business "
                "advisory services and other help so that small businesses can thrive.",
                "The Alliance introduces companies to these and other partners, and convenes "
                "investors and stakeholders around problems no single organization can solve.",
            ),
            organisations(
                "Innovation hubs and support centers", "reset", "make-hartford", "axis-901", "idh"
            ),
            call_to_action(
                "Need an introduction?",
                "Tell us what you need and we will connect you.",
                "Contact us",
                page="contact-us",
            ),
        ],
        listing="startups",
    ),
]

# Business insights -----------------------------------------------------------------

BUSINESS_INSIGHTS = [
    content_page(
        "business-insights",
        "home",
        "Business insights",
        "Data, rankings and research that explain the Hartford region’s economy.",
        "Good decisions start with good information. Explore research on the Hartford "
        "region’s people, employers and economy.",
        [
            heading("Know the region"),
            paragraph(
                "The Alliance gathers the information that companies, site selectors and "
                "community leaders need to understand the Hartford region, from workforce data "
                "to rankings and research.",
                "Our regional report, Metro Hartford Progress Points, is a periodic check-up on "
                "the issues facing Greater Hartford, prepared by a group of key regional "
                "stakeholders. The third edition asks how the region can keep and attract "
                "skilled workers, use transit and amenities to spur growth, and give every "
                "student a quality education.",
            ),
            key_figures(EDITIONS),
            call_to_action(
                "Metro Hartford Progress Points",
                "The third edition: our challenges, and where meaningful change is under way.",
                "Read the report",
                page="report:progress-points-3",
            ),
        ],
        hero="insights",
        listing="data",
    ),
    content_page(
        "workforce-and-demographics-data",
        "business-insights",
        "Workforce and demographics data",
        "The people and skills that power the region’s economy.",
        "Who lives here, what they do and the skills they bring: an introduction to the "
        "region’s workforce.",
        [
            heading("Data for decision-makers"),
            paragraph(
                "We can help you find current public figures on population, labor force, "
                "education and commuting for Hartford, Middlesex and Tolland counties.",
                "Contact our team to request a data package built around your project.",
            ),
            call_to_action(
                "Request data",
                "Tell us what you need to know.",
                "Contact us",
                page="contact-us",
            ),
        ],
        listing="data",
    ),
    content_page(
        "largest-employers",
        "business-insights",
        "Largest employers",
        "The companies and institutions that employ the most people in the region.",
        "The region’s largest employers span many sectors, from insurance and health to "
        "manufacturing and education.",
        [
            heading("Who employs the region"),
            paragraph(
                "The Alliance follows the region’s largest employers to help companies "
                "understand the labor market and find partners.",
                "The list is refreshed from time to time; contact us for the latest version.",
            ),
            call_to_action(
                "Key industries",
                "Six industries at the core of the region’s economy.",
                "See the industries",
                page="key-industries",
            ),
        ],
        listing="data",
    ),
    content_page(
        "rankings",
        "business-insights",
        "Rankings",
        "How the Hartford region compares in national and international rankings.",
        "Rankings offer an outside view of how the region compares with its peers.",
        [
            heading("An outside view"),
            paragraph(
                "This page gathers the national and international rankings that feature the "
                "Hartford region, each with a link to its source so you can review the method "
                "behind it.",
                "Rankings are one input among many. Our team can help you put them in context "
                "for your industry and project.",
            ),
        ],
        listing="data",
    ),
    content_page(
        "innovation-and-entrepreneurship",
        "business-insights",
        "Innovation and entrepreneurship",
        "Start-up support, innovation hubs and resources for growing companies.",
        "From first idea to second-stage growth, the Hartford region helps entrepreneurs succeed.",
        [
            heading("A growing ecosystem"),
            paragraph(
                "Innovation hubs like reSET, Make Hartford and Axis 901, and entrepreneur "
                "support centers such as Innovation Destination Hartford, provide advisory "
                "services and other support that help small businesses thrive.",
                "Through its Entrepreneurial Ecosystem initiative, the Alliance promotes the "
                "region as a place to launch a company and helps second-stage businesses keep "
                "growing.",
            ),
            call_to_action(
                "Entrepreneurial Ecosystem",
                "Our goals for start-ups and second-stage companies.",
                "Read about the initiative",
                page="initiative:entrepreneurial-ecosystem",
            ),
        ],
        listing="startups",
    ),
    content_page(
        "brochures-and-reports",
        "business-insights",
        "Brochures and reports",
        "Reports, brochures and research on the Hartford region from the Alliance and its "
        "partners.",
        "Download the Alliance’s reports and brochures, including Metro Hartford Progress Points.",
        [
            heading("Research on the region"),
            paragraph(
                "Our reports take stock of the Hartford region: where it is strong, where it "
                "is struggling and where change is under way. Each is free to read online and "
                "to download in full.",
            ),
        ],
        listing="data",
        model="reports.ReportIndexPage",
    ),
]

# About the MHA ---------------------------------------------------------------------

ABOUT = [
    content_page(
        "about-the-mha",
        "home",
        "About the MHA",
        "The economic development leader for the Hartford region and the Chamber of Commerce "
        "for the City of Hartford.",
        "The MetroHartford Alliance brings investors, partners and communities together to "
        "grow the Hartford region’s economy.",
        [
            heading("Who we are"),
            paragraph(
                "The MetroHartford Alliance leads economic development for the Hartford region "
                "and serves as the City of Hartford’s Chamber of Commerce. Our work covers "
                "economic development, bringing the community together around shared "
                "challenges and supporting local businesses.",
                "We work in an integrated, collaborative way, joining forces with other "
                "organizations to grow the economic pie for the region, our investors and our "
                "partners.",
            ),
            heading("Nine focus areas"),
            paragraph(
                "Our strategic plan sets goals in nine focus areas, from the insurance and "
                "health sectors to talent, entrepreneurship and public policy.",
            ),
            call_to_action(
                "Our mission and initiatives",
                "The goals and priorities behind our work.",
                "See the initiatives",
                page="initiatives",
            ),
            quote(
                "Every initiative we take on starts with the same question: what can we "
                "achieve together that none of us could achieve alone?",
                attribution="Jordan Ellison",
                role="President & CEO (fictional, for the demo)",
            ),
        ],
        hero="about",
        listing="story",
    ),
    content_page(
        "investing-in-the-mha",
        "about-the-mha",
        "Investing in the MHA",
        "Our investors make the Alliance’s work possible. Find out how to join them.",
        "Investors power everything the Alliance does, from recruiting businesses to "
        "attracting talent.",
        [
            heading("Why invest"),
            paragraph(
                "Investors help shape the region’s economic agenda. They join a network of "
                "leaders working on the issues that matter most to the Hartford region’s "
                "competitiveness, and they share in the rewards of a stronger region.",
                "Everything we do is planned to benefit the region and the investors and "
                "partners who make it possible.",
            ),
            call_to_action(
                "Become an investor",
                "Talk to us about joining the Alliance.",
                "Join",
                page="join",
            ),
        ],
        listing="story",
    ),
    content_page(
        "board-and-staff",
        "about-the-mha",
        "Board and staff",
        "Meet the people who lead the MetroHartford Alliance.",
        "Our staff and board of directors guide the Alliance’s work on behalf of the region. "
        "(The people shown in this demo are fictional.)",
        [
            people("Staff", *(person.key for person in STAFF)),
            people("Board of directors", *(person.key for person in BOARD)),
        ],
        listing="story",
    ),
    content_page(
        "pulse-of-the-region-cast",
        "about-the-mha",
        "Pulse of the Region cast",
        "Conversations with the people shaping the Hartford region.",
        "Pulse of the Region is our series of conversations with the leaders shaping the "
        "Hartford region.",
        [
            heading("Listen in"),
            paragraph(
                "Each episode takes a closer look at an issue, an industry or an idea that "
                "matters to the region’s future, with guests from business, government and the "
                "community.",
            ),
            call_to_action(
                "Stay in the loop",
                "News from the Alliance arrives every day in The Hartbeat.",
                "Subscribe",
                page="newsletters",
            ),
        ],
        listing="story",
    ),
    content_page(
        "newsletters",
        "about-the-mha",
        "Newsletters",
        "Sign up for The Hartbeat, our daily brief on business in the Hartford region.",
        "Stay informed with The Hartbeat, the Alliance’s daily newsletter.",
        [
            heading("The Hartbeat"),
            paragraph(
                "The Hartbeat is our daily brief on business announcements, updates and "
                "events from across the Hartford region.",
                "Subscribe to receive it by email. You can unsubscribe at any time with the "
                "link in each issue.",
            ),
        ],
        listing="story",
    ),
    content_page(
        "contact-us",
        "about-the-mha",
        "Contact us",
        "How to reach the MetroHartford Alliance.",
        "We are glad to hear from you. Here is how to reach us.",
        [
            heading("Our office"),
            paragraph(
                ADDRESS,
                "Exploring a move, growing a business or looking to get involved? Our team can "
                "point you in the right direction.",
            ),
        ],
        listing="contact",
    ),
    content_page(
        "visit-us",
        "about-the-mha",
        "Visit us",
        "Find the Alliance’s office in downtown Hartford.",
        "Our office is at 185 Asylum Street in downtown Hartford.",
        [
            heading("Finding us"),
            paragraph(
                ADDRESS,
                "Please get in touch before you visit so that the right person is available "
                "to meet you.",
            ),
            call_to_action(
                "Plan your visit",
                "Let us know when you would like to come by.",
                "Contact us",
                page="contact-us",
            ),
        ],
        listing="contact",
    ),
    content_page(
        "newsroom",
        "about-the-mha",
        "Newsroom",
        "News, announcements and media resources from the MetroHartford Alliance.",
        "The latest news from the Alliance and the region.",
        [
            heading("For the media"),
            paragraph(
                "Journalists looking for comment, data or background on the Hartford region’s "
                "economy can reach our communications team through our contact page.",
            ),
            call_to_action(
                "Media inquiries",
                "We respond to press requests as quickly as we can.",
                "Contact us",
                page="contact-us",
            ),
        ],
        listing="story",
    ),
]

# Outside the main menu -------------------------------------------------------------

UTILITY = [
    content_page(
        "site-selectors",
        "home",
        "Site selectors",
        "Information and support for site selection consultants and corporate real estate teams.",
        "Considering the Hartford region for a project? We can help you gather what you need.",
        [
            heading("Support for site selectors"),
            paragraph(
                "The Alliance works alongside site selection consultants and corporate teams "
                "throughout their search, helping to assemble information on the workforce, "
                "available sites, industry clusters and the business climate.",
                "Every inquiry is handled with discretion.",
            ),
            key_figures(COUNTIES, INDUSTRIES),
            call_to_action(
                "Start a conversation",
                "Tell us about your project’s requirements.",
                "Contact us",
                page="contact-us",
            ),
        ],
        hero="business",
        listing="data",
        menus=False,
    ),
    content_page(
        "join",
        "home",
        "Join",
        "Become an investor in the MetroHartford Alliance.",
        "Join the business and community leaders who invest in the Hartford region’s future.",
        [
            heading("Join the Alliance"),
            paragraph(
                "Investors in the MetroHartford Alliance help drive economic growth across the "
                "region. As the City of Hartford’s Chamber of Commerce, we also support "
                "businesses of every size.",
                "Joining connects your organization with a network of leaders committed to a "
                "stronger Hartford region.",
            ),
            call_to_action(
                "Investing in the MHA",
                "What investors do and how they benefit.",
                "Learn more",
                page="investing-in-the-mha",
            ),
            call_to_action(
                "Ready to join?",
                "Our team will walk you through the options.",
                "Contact us",
                page="contact-us",
            ),
        ],
        listing="story",
        menus=False,
    ),
]
