"""The site record, its settings, the newsletter and footer text, and local users."""

from typing import TypedDict

from ..streams import rich

SITE_NAME = "MetroHartford Alliance"
SITE_HOSTNAME = "localhost"
SITE_PORT = 80

# From the footer of the Alliance's home page. No phone, e-mail or social accounts
# are given in the seeds, so those settings stay blank.
SITE_SETTINGS = {
    "organisation_name": "MetroHartford Alliance",
    "street_address": "185 Asylum St., Ste. 111",
    "locality": "Hartford",
    "region": "CT",
    "postal_code": "06103",
    "country": "United States",
    "phone": "",
    "email": "",
}

SITE_TEXT_NAME = "Site text"
SITE_TEXT = {
    "newsletter_name": "The Hartbeat",
    "newsletter_blurb": (
        "The Hartbeat is our daily brief: the business announcements, updates and events "
        "that matter across the Hartford region, gathered in one short email."
    ),
    "newsletter_consent": (
        "Yes, send me The Hartbeat. I understand I can unsubscribe at any time from the "
        "link in every issue."
    ),
    "footer_text": rich(
        "The MetroHartford Alliance leads economic development for the Hartford region "
        "and serves as the Chamber of Commerce for the City of Hartford."
    ),
    "copyright_holder": "MetroHartford Alliance",
}


# For this local demo only: well-known passwords, created only when the user is missing.
class DemoUser(TypedDict):
    username: str
    password: str
    superuser: bool
    group: str | None


DEMO_USERS: list[DemoUser] = [
    {"username": "admin", "password": "admin", "superuser": True, "group": None},
    {"username": "editor", "password": "editor", "superuser": False, "group": "Editors"},
    {"username": "moderator", "password": "moderator", "superuser": False, "group": "Moderators"},
    {
        "username": "translator",
        "password": "translator",
        "superuser": False,
        "group": "Translators",
    },
]

ADMIN_URL = "http://127.0.0.1:8000/admin/"
API_URL = "http://127.0.0.1:8000/api/v3/pages/"
