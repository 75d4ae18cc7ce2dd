"""Write the content API's OpenAPI document to a file (or stdout), for type generators."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.core.serializers.json import DjangoJSONEncoder


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v3/ as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="File to write; standard output if omitted.")

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        from cms.api.mount import api

        document = api.get_openapi_schema(path_prefix="/api/v3/")
        # Lazy translation strings (Wagtail labels) need DjangoJSONEncoder.
        text = json.dumps(document, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
