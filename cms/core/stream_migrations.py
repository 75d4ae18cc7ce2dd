"""
Reusable StreamField data migrations for the shared blocks in ``cms.core.blocks``.

Migrations import these by path, so they must keep working on old data for as long
as the migrations that use them exist.
"""

from typing import Any

from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import BaseBlockOperation


class ImageIdToImageUse(BaseBlockOperation):
    """
    An image block's ``image`` was an image id; it is now Wagtail's ``ImageBlock``,
    ``{"image": id, "decorative": false, "alt_text": ""}``. A blank alt text falls back
    to the image library's description, so the page reads as it did.
    """

    def apply(self, block_value: Any) -> Any:
        if block_value is None or isinstance(block_value, int):
            return {"image": block_value, "decorative": False, "alt_text": ""}
        return block_value

    @property
    def operation_name_fragment(self) -> str:
        return "image_id_to_image_use"


def image_use_migration(app_name: str, model_name: str, field_name: str = "body"):
    """The operation that moves one StreamField's image blocks (and revisions) over."""
    return MigrateStreamData(
        app_name=app_name,
        model_name=model_name,
        field_name=field_name,
        operations_and_block_paths=[(ImageIdToImageUse(), "image.image")],
    )
