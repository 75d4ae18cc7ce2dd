"""
Abstract graphics drawn with Pillow, stored as Wagtail images.

Nothing is downloaded: each image is a gradient with a few translucent shapes and a
word, in one of six palettes, at the size its use calls for. Drawing is
deterministic (shapes are placed from a hash of the image's key), and an image that
already exists (by title, in the demo collection) is reused without redrawing.
"""

import hashlib
import io
from functools import cache

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from .specs import ImageSpec

SIZES = {
    "hero": (1920, 800),
    "listing": (800, 600),
    "cover": (850, 1100),
    "logo": (400, 200),
    "portrait": (400, 400),
}

# (dark, light, accent)
PALETTES = [
    ((14, 38, 78), (0, 122, 128), (242, 181, 61)),
    ((70, 28, 88), (226, 104, 92), (250, 226, 182)),
    ((16, 66, 54), (110, 184, 92), (240, 246, 236)),
    ((38, 46, 62), (66, 146, 206), (245, 140, 50)),
    ((104, 22, 40), (232, 118, 60), (255, 214, 102)),
    ((34, 34, 104), (136, 90, 196), (140, 228, 200)),
]

WHITE = (255, 255, 255)


@cache
def _font(size: int, bold: bool = True):
    names = ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"] if bold else ["DejaVuSans.ttf"]
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _numbers(key: str):
    """An endless stream of numbers in [0, 1) derived from the key."""
    counter = 0
    while True:
        digest = hashlib.sha256(f"{key}:{counter}".encode()).digest()
        for i in range(0, len(digest), 4):
            yield int.from_bytes(digest[i : i + 4], "big") / 2**32
        counter += 1


def _gradient(size, start, end, tilt=0.3):
    """A gradient from ``start`` to ``end``: left to right, tilted by ``tilt`` (0–1)."""
    vertical = PILImage.linear_gradient("L")
    horizontal = vertical.rotate(90)
    mask = PILImage.blend(horizontal.resize(size), vertical.resize(size), tilt)
    return PILImage.composite(
        PILImage.new("RGB", size, start), PILImage.new("RGB", size, end), mask
    )


def _circles(canvas, key, colour, count, max_radius):
    overlay = PILImage.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    numbers = _numbers(key)
    width, height = canvas.size
    for _ in range(count):
        x, y = next(numbers) * width, next(numbers) * height
        radius = max_radius * (0.35 + 0.65 * next(numbers))
        alpha = int(30 + 50 * next(numbers))
        fill = colour if next(numbers) < 0.5 else WHITE
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*fill, alpha))
    return PILImage.alpha_composite(canvas.convert("RGBA"), overlay).convert("RGB")


def _fit_font(draw, text, max_width, start_size):
    size = start_size
    while size > 12:
        font = _font(size)
        if draw.textlength(text, font=font) <= max_width:
            return font
        size = int(size * 0.9)
    return _font(size)


def _wrap(draw, text, font, max_width):
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def _hero(spec, size, palette):
    dark, light, accent = palette
    canvas = _circles(_gradient(size, dark, light, 0.35), spec.key, accent, 7, size[1] * 0.45)
    draw = ImageDraw.Draw(canvas)
    font = _fit_font(draw, spec.word, size[0] * 0.6, 190)
    draw.text((120, size[1] - 120), spec.word, font=font, fill=WHITE, anchor="ls")
    draw.rectangle((120, size[1] - 90, 420, size[1] - 78), fill=accent)
    return canvas


def _listing(spec, size, palette):
    dark, light, accent = palette
    canvas = _gradient(size, light, dark, 0.6)
    draw = ImageDraw.Draw(canvas, "RGBA")
    numbers = _numbers(spec.key)
    for _ in range(4):
        x, y = next(numbers) * size[0], next(numbers) * size[1]
        side = 80 + 160 * next(numbers)
        draw.rectangle((x, y, x + side, y + side), fill=(*accent, 70))
    draw.polygon([(0, size[1]), (size[0] * 0.55, size[1]), (0, size[1] * 0.45)], fill=(*dark, 120))
    font = _fit_font(draw, spec.word, size[0] * 0.8, 96)
    draw.text((48, size[1] - 56), spec.word, font=font, fill=WHITE, anchor="ls")
    return canvas


def _cover(spec, size, palette):
    dark, light, accent = palette
    canvas = _gradient(size, dark, (8, 24, 52), 0.1)
    draw = ImageDraw.Draw(canvas)
    height = size[1]
    # Rising bars, the report's motif of progress.
    base, bar = height - 220, 70
    for index, fraction in enumerate([0.25, 0.4, 0.55, 0.7, 0.9]):
        left = 90 + index * (bar + 40)
        colour = accent if index == 4 else light
        draw.rectangle((left, base - fraction * 420, left + bar, base), fill=colour)
    draw.text((90, 150), "Metro Hartford", font=_font(64), fill=WHITE)
    draw.text((90, 230), "Progress Points", font=_font(78), fill=accent)
    draw.text((90, 340), "A look at progress and promise", font=_font(34, bold=False), fill=WHITE)
    draw.text((90, 385), "in our communities", font=_font(34, bold=False), fill=WHITE)
    draw.text((90, height - 150), "Third edition", font=_font(42), fill=WHITE)
    draw.text((90, height - 95), "MetroHartford Alliance", font=_font(30, bold=False), fill=WHITE)
    return canvas


def _logo(spec, size, palette):
    dark, light, _accent = palette
    canvas = PILImage.new("RGB", size, WHITE)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((24, 60, 104, 140), fill=light)
    draw.ellipse((52, 60, 132, 140), fill=dark)
    font_size = 28
    while True:
        font = _font(font_size)
        lines = _wrap(draw, spec.word, font, size[0] - 170)
        if len(lines) <= 3 or font_size <= 14:
            break
        font_size -= 2
    line_height = font_size * 1.3
    top = size[1] / 2 - len(lines) * line_height / 2
    for index, line in enumerate(lines):
        draw.text((150, top + index * line_height), line, font=font, fill=dark)
    return canvas


def _portrait(spec, size, palette):
    dark, light, accent = palette
    canvas = _gradient(size, light, dark, 0.7)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((60, 60, size[0] - 60, size[1] - 60), outline=accent, width=8)
    draw.text((size[0] / 2, size[1] / 2), spec.word, font=_font(130), fill=WHITE, anchor="mm")
    return canvas


DRAWERS = {
    "hero": _hero,
    "listing": _listing,
    "cover": _cover,
    "logo": _logo,
    "portrait": _portrait,
}


def render(spec: ImageSpec) -> tuple[bytes, str]:
    """Draws the image; returns its bytes and a file name."""
    size = SIZES[spec.kind]
    palette = PALETTES[spec.palette % len(PALETTES)]
    canvas = DRAWERS[spec.kind](spec, size, palette)
    buffer = io.BytesIO()
    if spec.kind in ("logo", "portrait"):
        canvas.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        canvas.save(buffer, "JPEG", quality=85, optimize=True)
        extension = "jpg"
    return buffer.getvalue(), f"demo-{spec.key}.{extension}"


def get_or_create_image(spec: ImageSpec, collection) -> tuple[object, bool]:
    """The Wagtail image for ``spec``, found by title in ``collection`` or created."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    image = image_model.objects.filter(title=spec.title, collection=collection).first()
    if image is not None:
        if image.description != spec.alt:
            image.description = spec.alt
            image.save(update_fields=["description"])
        return image, False
    data, filename = render(spec)
    image = image_model(title=spec.title, description=spec.alt, collection=collection)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image._set_image_file_metadata()
    image.save()
    return image, True
