"""
The demo's images: abstract graphics generated locally (see ``demo.images``).

Each alt text describes what the graphic actually shows, since these are not
photographs of the region.
"""

from ..specs import ImageSpec
from .snippets import ORGANISATIONS, PEOPLE


def _hero(key, word, palette, subject):
    return ImageSpec(
        f"hero-{key}",
        f"Hero: {subject}",
        f"Abstract banner with soft overlapping circles and the word “{word}”, "
        f"illustrating {subject}.",
        "hero",
        word,
        palette,
    )


def _listing(key, word, palette, subject):
    return ImageSpec(
        f"listing-{key}",
        f"Card: {subject}",
        f"Abstract graphic with geometric shapes and the word “{word}”, illustrating {subject}.",
        "listing",
        word,
        palette,
    )


HEROES = [
    _hero("hartford", "Hartford", 0, "the Hartford region"),
    _hero("belong", "Belong", 1, "life in the Hartford region"),
    _hero("business", "Business", 2, "doing business in the Hartford region"),
    _hero("industries", "Industries", 3, "the region’s key industries"),
    _hero("insights", "Insights", 4, "business insights and data"),
    _hero("about", "Alliance", 5, "the MetroHartford Alliance"),
    _hero("initiatives", "Initiatives", 0, "the Alliance’s strategic initiatives"),
    _hero("talent", "Talent", 1, "talent and education"),
]

LISTINGS = [
    _listing("insurance", "Insurance", 0, "insurance and financial services"),
    _listing("health", "Health", 1, "the health sector"),
    _listing("aerospace", "Aerospace", 2, "aerospace and defense"),
    _listing("logistics", "Logistics", 3, "logistics and distribution"),
    _listing("manufacturing", "Manufacturing", 4, "advanced manufacturing"),
    _listing("broadcasting", "Broadcasting", 5, "broadcasting"),
    _listing("hype", "HYPE", 1, "young professionals and entrepreneurs"),
    _listing("global", "Global", 2, "global reach and foreign investment"),
    _listing("downtown", "Downtown", 3, "Hartford’s urban core"),
    _listing("startups", "Start-ups", 4, "entrepreneurship"),
    _listing("talent", "Talent", 5, "the talent and education pipeline"),
    _listing("story", "Our story", 0, "marketing the region"),
    _listing("policy", "Policy", 2, "public policy"),
    _listing("culture", "Culture", 5, "arts and culture"),
    _listing("community", "Community", 1, "the region’s communities"),
    _listing("data", "Data", 4, "data and research"),
    _listing("contact", "Contact", 3, "getting in touch with the Alliance"),
]

COVERS = [
    ImageSpec(
        "cover-progress-points",
        "Cover: Metro Hartford Progress Points, third edition",
        "Cover of Metro Hartford Progress Points, third edition: the title in white on a "
        "deep blue background with rising bars in teal and gold.",
        "cover",
        "Progress Points",
        0,
    ),
]

LOGOS = [
    ImageSpec(
        f"logo-{org.key}",
        f"Logo: {org.lookup}",
        # A logo's alt text is the organisation's name, which is the same in Spanish.
        org.lookup,
        "logo",
        org.lookup,
        index % 6,
    )
    for index, org in enumerate(ORGANISATIONS)
]

PORTRAITS = [
    ImageSpec(
        f"portrait-{person.key}",
        f"Portrait: {person.lookup}",
        person.lookup,
        "portrait",
        "".join(part[0] for part in person.lookup.replace("-", " ").split()[:2]),
        index % 6,
    )
    for index, person in enumerate(PEOPLE)
]

IMAGES = HEROES + LISTINGS + COVERS + LOGOS + PORTRAITS

# The alt text of each image where a page uses it (hero_image_alt, an image block's
# alt text): the same words as the library's description, but the page's own, so
# that they are translated with it.
IMAGE_ALT = {spec.key: spec.alt for spec in IMAGES}
