"""``manage.py load_demo_content``: the MetroHartford Alliance demo site, in place."""

from django.core.management.base import BaseCommand

from cms.progress import Progress
from demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Builds the MetroHartford Alliance demo site: pages in English and Spanish, "
        "snippets, images, the Progress Points PDF, site settings and local demo users. "
        "Safe to run again: existing content is updated in place, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users",
            action="store_true",
            help=(
                "Do not create the local demo users (admin/admin, and editor, moderator "
                "and translator, each with its name as password)."
            ),
        )

    def handle(self, *args, **options):
        # Progress on the error stream (a bar on a terminal, a line every 10 s otherwise),
        # none with -v 0; the summary and the log-ins on the output.
        progress = Progress(
            0, "Loading the demo", unit="items", stream=self.stderr, verbosity=options["verbosity"]
        )
        DemoLoader(self.stdout, self.style, users=not options["no_users"], progress=progress).run()
