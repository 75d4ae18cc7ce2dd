"""
Short constructors for StreamField blocks, so content modules read like prose.

Each returns a ``(block_type, value)`` pair in the raw JSON shape of the blocks in
``cms.core.blocks`` and ``reports.blocks``; references to other objects stay as
placeholders (``refs``) until the loader resolves them.
"""

from html import escape

from .refs import ImageRef, Items, PageRef, SnippetRef


def _html(text: str) -> str:
    return escape(text, quote=False)


def rich(*paragraphs: str) -> str:
    """Rich text from plain paragraphs (``page_link`` tokens are kept for the loader)."""
    return "".join(f"<p>{_html(p)}</p>" for p in paragraphs)


def rich_list(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{_html(item)}</li>" for item in items) + "</ul>"


def heading(text: str, level: str = "h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(*paragraphs: str, bullets: tuple[str, ...] = ()):
    html = rich(*paragraphs)
    if bullets:
        html += rich_list(*bullets)
    return ("paragraph", html)


def figure(label, value, unit="", year=None, source="", source_url=""):
    return {
        "label": label,
        "value": value,
        "unit": unit,
        "year": year,
        "source": source,
        "source_url": source_url,
    }


def key_figures(*figures: dict):
    return ("key_figures", Items(figures))


def call_to_action(heading_text, text, button_label, page: str | None = None, url: str = ""):
    return (
        "call_to_action",
        {
            "heading": heading_text,
            "text": text,
            "button_label": button_label,
            "page": PageRef(page) if page else None,
            "url": url,
        },
    )


def quote(text, attribution="", role=""):
    return ("quote", {"quote": text, "attribution": attribution, "role": role})


def image(key: str, caption: str = "", credit: str = ""):
    """An image block; its alt text for this use is the image's own description."""
    from .content.images import IMAGE_ALT  # content imports this module

    use = {"image": ImageRef(key), "decorative": False, "alt_text": IMAGE_ALT[key]}
    return ("image", {"image": use, "caption": caption, "credit": credit})


def people(heading_text: str, *person_keys: str):
    return (
        "people",
        {
            "heading": heading_text,
            "people": Items(SnippetRef("person", key) for key in person_keys),
        },
    )


def organisations(heading_text: str, *organisation_keys: str):
    return (
        "organisations",
        {
            "heading": heading_text,
            "organisations": Items(SnippetRef("organisation", key) for key in organisation_keys),
        },
    )


# Report blocks (reports.blocks) ---------------------------------------------------


def challenge(question, finding, detail=""):
    return (
        "challenge",
        {"question": question, "finding": finding, "detail": detail, "figures": Items()},
    )


def indicator(label, value, period, source, unit="", comparison_value=None, comparison_label=""):
    return (
        "indicator",
        {
            "label": label,
            "value": value,
            "unit": unit,
            "period": period,
            "comparison_value": comparison_value,
            "comparison_label": comparison_label,
            "source": source,
            "source_url": "",
        },
    )


def data_table(title, columns: list[tuple[str, str]], rows: list[list], source=""):
    """``columns`` are ``(type, heading)`` with type text, number, percentage or year."""
    return (
        "data_table",
        {
            "title": title,
            "table": {
                "columns": [{"type": kind, "heading": text} for kind, text in columns],
                "rows": [{"values": list(row)} for row in rows],
                "caption": "",
            },
            "source": source,
            "source_url": "",
        },
    )


def where_change(theme, focus, *items):
    return ("where_change", {"theme": theme, "focus": focus, "items": Items(items)})


def priority(title, description=""):
    return ("priority", {"title": title, "description": description})


def strength(title, description=""):
    return ("strength", {"title": title, "description": description})


def region_figure(*args, **kwargs):
    """A ``figure`` block of a StreamField made only of key figures."""
    return ("figure", figure(*args, **kwargs))
