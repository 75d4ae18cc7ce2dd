"""``manage.py media_bucket_policy``: the media bucket's policy (renditions public only)."""

import json
from typing import Any

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Prints the bucket policy that lets anyone read renditions (images/*) and nothing "
        "else of the media bucket (MEDIA_S3_BUCKET); with --apply, sets it on the bucket "
        "(which needs s3:PutBucketPolicy). Not needed when a CDN reads a private bucket "
        "with its own credentials."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Set the policy on the bucket.")

    def handle(self, *args: Any, **options: Any) -> None:
        from cms.storage.s3 import MediaStorage, apply_public_read_policy, public_read_policy

        storage = storages["default"]
        if not isinstance(storage, MediaStorage):
            raise CommandError("Media are on local disk: MEDIA_S3_BUCKET is not set.")
        if not options["apply"]:
            self.stdout.write(json.dumps(public_read_policy(storage.bucket_name), indent=2))
            return
        try:
            apply_public_read_policy(storage)
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Bucket {storage.bucket_name}: anyone may read images/*, nothing else."
            )
        )
