"""Upload limits, through the admin's own upload views, as an editor uses them."""

import io
import struct
import zlib

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

Image = get_image_model()
Document = get_document_model()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 60, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def declared_png(width: int, height: int) -> bytes:
    """A few dozen bytes whose header declares a ``width`` × ``height`` image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def upload_image(client: Client, name: str, data: bytes, multiple: bool):
    """(accepted, error text) from the single add view or the multiple-upload view."""
    file = SimpleUploadedFile(name, data, content_type="image/png")
    root = Collection.get_first_root_node().pk
    if multiple:
        response = client.post("/admin/images/multiple/add/", {"files[]": file, "collection": root})
        assert response.status_code == 200, response.content[:300]
        answer = response.json()
        return answer["success"], answer.get("error_message", "")
    count = Image.objects.count()
    response = client.post(
        "/admin/images/add/",
        {"title": name, "file": file, "collection": root, "description": "Alt text"},
    )
    assert response.status_code in (200, 302), response.status_code
    accepted = Image.objects.count() == count + 1
    errors = response.context["form"].errors.get("file", []) if response.status_code == 200 else []
    return accepted, " ".join(str(e) for e in errors)


def upload_document(client: Client, name: str, data: bytes, multiple: bool):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    root = Collection.get_first_root_node().pk
    if multiple:
        response = client.post(
            "/admin/documents/multiple/add/", {"files[]": file, "collection": root}
        )
        assert response.status_code == 200, response.content[:300]
        answer = response.json()
        return answer["success"], answer.get("error_message", "")
    count = Document.objects.count()
    response = client.post(
        "/admin/documents/add/", {"title": name, "file": file, "collection": root}
    )
    assert response.status_code in (200, 302), response.status_code
    accepted = Document.objects.count() == count + 1
    errors = response.context["form"].errors.get("file", []) if response.status_code == 200 else []
    return accepted, " ".join(str(e) for e in errors)


def test_the_limits_are_configured():
    assert django_settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert django_settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 50_000_000
    assert django_settings.WAGTAILIMAGES_MAX_IMAGE_SIDE == 12_000
    assert django_settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
def test_an_ordinary_image_is_accepted(editor, multiple):
    accepted, error = upload_image(editor, "cover.png", png(400, 300), multiple)
    assert accepted and not error


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
def test_a_decompression_bomb_gets_a_form_error(editor, multiple):
    bomb = declared_png(20_000, 20_000)
    assert len(bomb) < 200
    accepted, error = upload_image(editor, "bomb.png", bomb, multiple)
    assert not accepted
    assert "too many pixels" in error


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
def test_too_many_pixels_gets_a_form_error(editor, multiple):
    # 56 million pixels: under Pillow's own bomb limit, over the site's.
    accepted, error = upload_image(editor, "huge.png", declared_png(8_000, 7_000), multiple)
    assert not accepted
    assert "too many pixels (56000000)" in error


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
def test_a_truncated_image_gets_a_form_error_not_a_500(editor, multiple):
    # Wagtail's field decodes the image to measure it; a truncated file made it raise.
    data = declared_png(1_200, 800)
    accepted, error = upload_image(editor, "cut.png", data, multiple)
    assert not accepted
    assert "Upload a valid image" in error


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
def test_a_side_too_long_gets_a_form_error(editor, multiple):
    accepted, error = upload_image(editor, "strip.png", png(13_000, 4), multiple)
    assert not accepted
    assert "13000 × 4 pixels; each side may be at most 12000" in error


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
def test_an_image_over_the_size_limit_gets_a_form_error(editor, settings, multiple):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024
    data = png(400, 300) + b"\x00" * 20 * 1024  # trailing bytes after IEND: still a PNG
    accepted, error = upload_image(editor, "big.png", data, multiple)
    assert not accepted
    assert "This file is too big" in error


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
def test_a_document_over_the_size_limit_gets_a_form_error(editor, settings, multiple):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024
    small = b"%PDF-1.4\n%%EOF\n"
    assert upload_document(editor, "small.pdf", small, multiple)[0]
    accepted, error = upload_document(editor, "big.pdf", small + b" " * 20 * 1024, multiple)
    assert not accepted
    assert "This file is too big" in error


@pytest.mark.django_db
@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple"])
@pytest.mark.parametrize("name", ["page.html", "logo.svg", "page.htm"])
def test_html_and_svg_documents_are_refused(editor, multiple, name):
    body = b"<svg><script>alert(1)</script></svg>"
    accepted, error = upload_document(editor, name, body, multiple)
    assert not accepted
    assert "File extension" in error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("page.html", b"<html><script>alert(document.cookie)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_html_and_svg_documents_are_never_served_inline(client, name, body):
    # Such a file cannot be uploaded (above), but one stored before the rule, or by
    # code, is still sent as an attachment that cannot run.
    document = Document.objects.create(
        title=name,
        file=ContentFile(body, name=name),
        collection=Collection.get_first_root_node(),
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    pdf = Document.objects.create(
        title="report",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="report.pdf"),
        collection=Collection.get_first_root_node(),
    )
    assert client.get(pdf.url)["Content-Disposition"].startswith("inline")
