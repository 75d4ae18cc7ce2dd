"""
The shapes shared by every endpoint: images, documents, links to pages, snippets.

These pydantic models document the contract in OpenAPI; the serialisers in
``cms.api.serializers`` build the matching plain data, and the test suite checks
every response against this document.
"""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class FocalPoint(Schema):
    x: int = Field(description="Centre of the focal area, in pixels from the left.")
    y: int = Field(description="Centre of the focal area, in pixels from the top.")
    width: int
    height: int


class Rendition(Schema):
    url: str = Field(description="Absolute URL of the resized file.")
    width: int
    height: int
    format: Literal["jpeg", "png", "gif", "webp", "avif", "svg"]


class Image(Schema):
    id: int
    title: str
    alt: str = Field(
        description="Alternative text for this use of the image, in the page's language: "
        "the alt text written where the image is placed, or the image library's "
        "description (or title) when none was written; empty for a decorative image."
    )
    decorative: bool = Field(
        description="True when the editor marked this use decorative: show it with an "
        "empty alt, hidden from assistive technology."
    )
    width: int = Field(description="Width of the original, in pixels.")
    height: int = Field(description="Height of the original, in pixels.")
    focal_point: FocalPoint | None = Field(
        description="The part of the image to keep when cropping, if the editor set one."
    )
    renditions: list[Rendition] = Field(
        description="Resized copies, narrowest first: each width in the original format "
        "and in WebP. Suitable for srcset."
    )


class Document(Schema):
    """A document anyone may download (its collection has no view restriction)."""

    restricted: Literal[False] = Field(
        description="Always false here: see RestrictedDocument for a private document."
    )
    id: int
    title: str
    url: str = Field(description="Absolute download URL.")
    filename: str
    extension: str = Field(description='Lower-case file extension, such as "pdf".')
    content_type: str = Field(description='MIME type, such as "application/pdf".')
    size: int | None = Field(description="File size in bytes.")


class RestrictedDocument(Schema):
    """
    A private document (its collection has a view restriction: log-in, password or
    groups) shown on a public page. The API says only that a document is there: no id,
    title, URL, file name or size, since any of them may reveal what it holds. Its file is
    served only by the CMS's document view, which asks for the log-in or password first.
    A front end may show the block's own title with a note, or nothing.
    """

    restricted: Literal[True]


#: A document as a page shows it; narrow on ``restricted``.
AnyDocument = Document | RestrictedDocument


class PageLink(Schema):
    id: int
    title: str
    type: str = Field(description='The page type, such as "reports.ReportPage".')
    path: str | None = Field(
        description="The page's path on the public site (/… in English, /es/… in Spanish)."
    )
    locale: str = Field(
        description="The language the linked page is shown in. A Spanish page links to the "
        "Spanish translation where one is live, else to the original: then this says "
        '"en", and the front end marks the link as English.'
    )


class Translation(Schema):
    locale: str
    id: int
    title: str
    path: str | None


class Embed(Schema):
    url: str
    html: str | None = Field(description="The provider's embed HTML, if it could be fetched.")
    title: str | None
    provider_name: str | None
    thumbnail_url: str | None
    width: int | None
    height: int | None


class Organisation(Schema):
    id: int
    name: str
    kind: Literal[
        "sponsor",
        "partner",
        "employer",
        "university",
        "government",
        "nonprofit",
        "investor",
        "other",
    ]
    description: str
    website: str
    logo: Image | None


class Person(Schema):
    id: int
    name: str
    role: str
    group: Literal["staff", "board"]
    organisation: str
    bio: str
    email: str
    phone: str
    photo: Image | None


class Theme(Schema):
    id: int
    name: str
    description: str


class TypedTableColumn(Schema):
    type: Literal["text", "number", "percentage", "year"]
    heading: str


class TypedTable(Schema):
    caption: str
    columns: list[TypedTableColumn]
    rows: list[list[str | float | int | None]] = Field(
        description="One list of cell values per row, in column order; numbers are numbers."
    )


class PageCard(Schema):
    """What a listing shows of a page: enough for a card, nothing more."""

    id: int
    type: str
    title: str
    listing_title: str = Field(description="The card title (the page title if none was set).")
    summary: str
    image: Image | None
    path: str | None
    locale: str = Field(
        description="The language the page is shown in (for a card in another language "
        "than the listing's, mark it)."
    )
    date: datetime.date | None = Field(
        description="Publication date for reports, first publication for other pages."
    )
    translations: list[Translation] = Field(
        description="Every live translation of the page, this one included (as in the "
        "page's detail): for language switches and a sitemap's alternates."
    )
