"""
Image uploads: limits checked from the file's header, before any pixel is decoded.

Wagtail's image field refuses a file over ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` and, after
decoding it (Willow loads the whole image to measure it), one over
``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels. Two holes remain: a small file whose header
declares a large image is decoded in full first (memory for every declared pixel), and
one that is truncated or corrupt makes the decoder raise ``OSError``, a 500. It also
bounds no side, so a 1 × 50,000,000 strip would pass. This field reads the declared
size from the header (Pillow's lazy open), refuses too many pixels or a side over
``WAGTAILIMAGES_MAX_IMAGE_SIDE`` at once, and turns a decoder error into the form's
"not a valid image" error. ``ImageForm`` (``WAGTAILIMAGES_IMAGE_FORM_BASE``) puts it
under the add, edit, multiple-upload and chooser-upload forms.
"""

from __future__ import annotations

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


def declared_size(file) -> tuple[int, int] | None:
    """Width and height from the header, without decoding; None if Pillow cannot tell."""
    position = file.tell()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                return image.size
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        return (0, 0)  # more pixels than Pillow will open at all
    except Exception:
        return None
    finally:
        file.seek(position)


class SafeImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        size = declared_size(f)
        if size is not None:
            self.check_declared_size(*size)
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        if size is None:  # SVG: the size Willow read
            self.check_declared_size(*f.image.get_size())

    def check_declared_size(self, width: int, height: int) -> None:
        if (width, height) == (0, 0) or (
            self.max_image_pixels and width * height > self.max_image_pixels
        ):
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": width * height or "unknown number",
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )
        limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_SIDE", None)
        if limit and max(width, height) > limit:
            raise ValidationError(
                "This image is %(width)s × %(height)s pixels; each side may be at most "
                "%(limit)s pixels.",
                code="image_side_too_long",
                params={"width": width, "height": height, "limit": limit},
            )


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # Wagtail builds this field itself (formfield_for_dbfield); declaring it here
            # instead would keep it in the multiple-upload edit form, which excludes it.
            field.__class__ = SafeImageField
