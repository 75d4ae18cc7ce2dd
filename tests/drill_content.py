"""
The content of the multi-host drill (tests/test_multi_host_drill.py): one published page
of every type (tests/shared.py's tree), an administrator who uploads and publishes, and
an API token of theirs. Run once, against the drill's database, before the web
instances start; prints what the drill needs as JSON.

    DJANGO_SETTINGS_MODULE=tests.drill_settings ... python -m tests.drill_content
"""

import json

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from wagtail.models import APIToken  # noqa: E402

from tests.shared import make_home, make_site_tree  # noqa: E402

USERNAME, PASSWORD = "drill-editor", "drill-editor-password-1"


def main() -> None:
    pages = make_site_tree(make_home())
    user = get_user_model().objects.create_superuser(USERNAME, "editor@example.org", PASSWORD)
    _, token = APIToken.create_token(user=user, name="drill")
    print(
        json.dumps(
            {
                "username": USERNAME,
                "password": PASSWORD,
                "token": token,
                "report": pages["report"].pk,
            }
        )
    )


if __name__ == "__main__":
    main()
