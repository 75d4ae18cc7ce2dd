"""Draws the raster icons from the mark in src/app/icon.svg (Pillow, from the CMS's .venv):
src/app/favicon.ico (16, 32, 48), src/app/apple-icon.png (180) and public/og-default.png
(1200x630, the social image of a page without its own).

    ../.venv/bin/python scripts/make-icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent.parent
TEAL, WHITE, WARM, NAVY, NAVY2 = "#0b6b68", "#ffffff", "#f4a259", "#0a2240", "#14406b"


def mark(size: int, rounded: bool = True) -> Image.Image:
    scale = size / 32
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    box = lambda x, y, w, h: [x * scale, y * scale, (x + w) * scale, (y + h) * scale]  # noqa: E731
    d.rounded_rectangle(box(0, 0, 32, 32), radius=7 * scale if rounded else 0, fill=TEAL)
    d.rounded_rectangle(box(7, 15, 4.5, 9), radius=scale, fill=WHITE)
    d.rounded_rectangle(box(13.75, 10, 4.5, 14), radius=scale, fill=WHITE)
    d.rounded_rectangle(box(20.5, 6, 4.5, 18), radius=scale, fill=WARM)
    d.rounded_rectangle(box(6, 26, 20, 2), radius=scale, fill=(255, 255, 255, 180))
    return img


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf"):
        for folder in ("/usr/share/fonts/truetype/dejavu",):
            path = Path(folder) / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def social() -> Image.Image:
    w, h = 1200, 630
    img = Image.new("RGB", (w, h), NAVY)
    d = ImageDraw.Draw(img)
    for y in range(h):  # a quiet navy-to-blue gradient
        t = y / h
        c = tuple(int(a + (b - a) * t) for a, b in zip((10, 34, 64), (20, 64, 107), strict=True))
        d.line([(0, y), (w, y)], fill=c)
    d.rectangle([0, 0, w, 12], fill=WARM)
    img.paste(m := mark(160), (90, 150), m)
    d.text((90, 360), "MetroHartford Alliance", font=font(72), fill=WHITE)
    d.text((90, 460), "Economic development for the Hartford region", font=font(36), fill="#dfe7f0")
    return img


if __name__ == "__main__":
    mark(48).save(HERE / "src/app/favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    apple = Image.new("RGB", (180, 180), TEAL)
    apple.paste(m := mark(180, rounded=False), (0, 0), m)
    apple.save(HERE / "src/app/apple-icon.png", optimize=True)
    social().save(HERE / "public/og-default.png", optimize=True)
