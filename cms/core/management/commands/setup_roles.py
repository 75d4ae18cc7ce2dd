"""``manage.py setup_roles``: the editorial groups, their permissions and the workflow."""

from typing import Any

from django.core.management.base import BaseCommand

from cms.core.roles import apply_roles


class Command(BaseCommand):
    help = (
        "Creates or updates the Editors, Moderators, Translators and Site administrators "
        "groups, the Moderation workflow, and the page permissions that depend on the page "
        "tree (which sections Editors publish, the Spanish tree for Translators). Safe to "
        "run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        apply_roles()
        self.stdout.write(self.style.SUCCESS("Roles and the Moderation workflow are set up."))
