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


class ImageUseToImageId(BaseBlockOperation):
    """The way back: the image id alone (the alt text of the use is dropped)."""

    def apply(self, block_value: Any) -> Any:
        if isinstance(block_value, dict):
            return block_value.get("image")
        return block_value

    @property
    def operation_name_fragment(self) -> str:
        return "image_use_to_image_id"


class ReversibleMigrateStreamData(MigrateStreamData):
    """
    Wagtail's ``MigrateStreamData`` with a way back: ``reverse_operations_and_block_paths``
    are applied, the same way (stream data and revisions), when the migration is unapplied.
    Wagtail's own does nothing in reverse, which would leave data the older blocks
    cannot read.
    """

    def __init__(self, *, reverse_operations_and_block_paths, **kwargs):
        super().__init__(**kwargs)
        self.reverse_operations_and_block_paths = reverse_operations_and_block_paths
        self.reverse_code = self.migrate_stream_data_backward

    def migrate_stream_data_backward(self, apps, schema_editor) -> None:
        MigrateStreamData(
            app_name=self.app_name,
            model_name=self.model_name,
            field_name=self.field_name,
            operations_and_block_paths=self.reverse_operations_and_block_paths,
            revisions_from=self.revisions_from,
            chunk_size=self.chunk_size,
        ).migrate_stream_data_forward(apps, schema_editor)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        kwargs["reverse_operations_and_block_paths"] = self.reverse_operations_and_block_paths
        return name, args, kwargs


def image_use_migration(app_name: str, model_name: str, field_name: str = "body"):
    """The operation that moves one StreamField's image blocks (and revisions) over."""
    return ReversibleMigrateStreamData(
        app_name=app_name,
        model_name=model_name,
        field_name=field_name,
        operations_and_block_paths=[(ImageIdToImageUse(), "image.image")],
        reverse_operations_and_block_paths=[(ImageUseToImageId(), "image.image")],
    )
