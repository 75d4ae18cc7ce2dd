"""
Media in an S3 bucket (``MEDIA_S3_BUCKET``, cms/storage/), against a real S3 server on
loopback that checks signatures (SeaweedFS, tests/s3_server.py): uploads and their
renditions land in the bucket, the API's rendition URLs fetch the bytes from it, a
private document is never readable by plain URL, signed URLs are refused once tampered
with or expired, a wrong secret is a clear error, and a stopped store degrades the site
without breaking it.
"""

from __future__ import annotations

import io
import json
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import botocore.auth
import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from fpdf import FPDF
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from cms.settings.object_storage import media_s3
from search.models import DocumentPage, DocumentText
from tests import factories
from tests.s3_server import BUCKET, free_block, own_s3_server, s3_server  # noqa: F401
from tests.test_project import PRODUCTION_ENV, run_django

Image = get_image_model()
Document = get_document_model()
PDF = b"%PDF-1.4\n% board minutes: confidential\n%%EOF\n"


def fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    """A plain GET, as a browser or a CDN would send it: no credentials."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def use_bucket(settings, server, **environ: str) -> None:
    """The site's STORAGES as production's settings build them from the environment."""
    built, _ = media_s3(server.environ(**environ))
    settings.STORAGES = {**django_settings.STORAGES, **built}


def empty_bucket(server) -> None:
    client = server.client()
    for key in server.stored():
        client.delete_object(Bucket=BUCKET, Key=key)


@pytest.fixture
def bucket(settings, s3_server):  # noqa: F811
    """The site's media in the test server's bucket, renditions readable by anyone."""
    from django.core.management import call_command

    use_bucket(settings, s3_server)
    call_command("media_bucket_policy", "--apply", stdout=io.StringIO())
    yield s3_server
    empty_bucket(s3_server)


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 60, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_with_text(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def upload_image(client, name: str, data: bytes, follow: bool = True):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, data, content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
            "description": "Alt text",
        },
        follow=follow,
    )


# Settings --------------------------------------------------------------------------------


def test_off_without_a_bucket_and_built_from_the_environment_with_one():
    assert media_s3({}) == ({}, [])
    assert "renditions" not in django_settings.STORAGES  # the test settings: local files

    built, origins = media_s3(
        {
            "MEDIA_S3_BUCKET": "mha-media",
            "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org/",
            "MEDIA_S3_CUSTOM_DOMAIN": "media.example.org",
            "MEDIA_S3_SIGNED_URL_EXPIRY": "120",
        }
    )
    assert built["default"]["BACKEND"] == "cms.storage.s3.MediaStorage"
    assert built["renditions"]["BACKEND"] == "cms.storage.s3.PublicMediaStorage"
    assert built["default"]["OPTIONS"]["querystring_expire"] == 120
    assert built["default"]["OPTIONS"]["addressing_style"] == "path"
    assert built["renditions"]["OPTIONS"]["custom_domain"] == "media.example.org"
    assert origins == ["https://s3.example.org", "https://media.example.org"]
    # Amazon's own endpoint when none is named: virtual-hosted addresses.
    built, origins = media_s3({"MEDIA_S3_BUCKET": "mha-media", "MEDIA_S3_REGION": "eu-west-1"})
    assert built["default"]["OPTIONS"]["addressing_style"] == "virtual"
    assert "https://mha-media.s3.eu-west-1.amazonaws.com" in origins


def test_production_with_a_bucket_passes_the_deploy_check_and_lets_the_admin_show_its_images():
    env = {
        **PRODUCTION_ENV,
        "MEDIA_S3_BUCKET": "mha-media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
        "MEDIA_S3_CUSTOM_DOMAIN": "https://media.example.org",
        "MEDIA_S3_DOCUMENT_REDIRECT": "true",
    }
    code = (
        "import json; from django.conf import settings; "
        "from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING'); "
        "print(json.dumps([settings.WAGTAILDOCS_SERVE_METHOD, settings.SECURE_CSP['img-src'], "
        "{k: v['BACKEND'] for k, v in settings.STORAGES.items()}]))"
    )
    result = run_django(code, "cms.settings.production", env)
    assert result.returncode == 0, result.stderr
    serve_method, img_src, backends = json.loads(result.stdout.strip().splitlines()[-1])
    assert serve_method == "redirect"
    assert {"https://s3.example.org", "https://media.example.org"} <= set(img_src)
    assert backends["default"] == "cms.storage.s3.MediaStorage"
    assert backends["renditions"] == "cms.storage.s3.PublicMediaStorage"


# Images and renditions ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_uploaded_image_and_its_renditions_are_in_the_bucket_and_the_api_links_them(
    admin_client, client, bucket, site_tree
):
    data = png(1000, 600)
    response = upload_image(admin_client, "harbour.png", data, follow=False)
    assert response.status_code == 302
    image = Image.objects.get(title="harbour.png")
    # Nothing on local disk: the original and every rendition are in the bucket.
    assert not (Path(django_settings.MEDIA_ROOT) / image.file.name).exists()
    assert bucket.stored("original_images/") == [image.file.name]
    renditions = sorted(image.renditions.values_list("file", flat=True))
    assert len(renditions) == 6  # 400, 800 and 1000 wide, each also as WebP
    assert bucket.stored("images/") == renditions
    stored = bucket.client().get_object(Bucket=BUCKET, Key=image.file.name)["Body"].read()
    assert stored == data

    report = site_tree["report"]
    report.listing_image = image
    report.save_revision().publish()
    shown = client.get(f"/api/v3/pages/{report.pk}/").json()["listing_image"]
    assert [r["width"] for r in shown["renditions"]] == [400, 400, 800, 800, 1000, 1000]
    for rendition in shown["renditions"]:
        # A plain URL on the bucket's endpoint, fetched without credentials.
        assert rendition["url"].startswith(f"{bucket.endpoint}/{BUCKET}/images/")
        assert "X-Amz-Signature" not in rendition["url"]
        status, body, _ = fetch(rendition["url"])
        assert status == 200
        key = urlsplit(rendition["url"]).path.removeprefix(f"/{BUCKET}/")
        assert body == bucket.client().get_object(Bucket=BUCKET, Key=key)["Body"].read()
        with PILImage.open(io.BytesIO(body)) as decoded:
            assert decoded.width == rendition["width"]
            assert decoded.format.lower() == rendition["format"]


@pytest.mark.django_db
def test_an_original_is_private_its_url_signed_and_short_lived(bucket):
    image = factories.ImageFactory(file__width=300, file__height=200)
    plain = f"{bucket.endpoint}/{BUCKET}/{image.file.name}"
    assert fetch(plain)[0] == 403
    signed = image.file.url
    assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["300"]
    status, body, _ = fetch(signed)
    assert status == 200
    assert body == bucket.client().get_object(Bucket=BUCKET, Key=image.file.name)["Body"].read()


@pytest.mark.django_db
def test_renditions_on_a_custom_domain(settings, client, bucket, site_tree):
    # The test server itself, by another name, stands in for a CDN in front of it.
    domain = f"http://localhost:{bucket.port}/{BUCKET}"
    use_bucket(settings, bucket, MEDIA_S3_CUSTOM_DOMAIN=domain)
    image = factories.ImageFactory(file__width=500, file__height=300)
    report = site_tree["report"]
    report.listing_image = image
    report.save_revision().publish()
    shown = client.get(f"/api/v3/pages/{report.pk}/").json()["listing_image"]
    assert len(shown["renditions"]) == 4
    for rendition in shown["renditions"]:
        assert rendition["url"].startswith(f"{domain}/images/")
        status, body, _ = fetch(rendition["url"])
        assert status == 200
        with PILImage.open(io.BytesIO(body)) as decoded:
            assert decoded.width == rendition["width"]


@pytest.mark.django_db
def test_svg_renditions_are_attachments_on_the_buckets_origin(admin_client, bucket):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        b"<script>alert(1)</script></svg>"
    )
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "logo.svg",
            "file": SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml"),
            "collection": Collection.get_first_root_node().pk,
            "description": "Logo",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get(title="logo.svg")
    rendition = image.renditions.first()
    assert rendition is not None and rendition.file.name.endswith(".svg")
    status, body, headers = fetch(rendition.url)
    assert status == 200 and b"<svg" in body
    # Shown by <img>, never opened as a page where its script would run.
    assert headers.get("Content-Disposition") == "attachment"


# Documents -------------------------------------------------------------------------------


@pytest.fixture
def private_document(bucket, db):
    collection = factories.root_collection().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = factories.DocumentFactory(
        title="Board minutes",
        collection=collection,
        file__filename="minutes.pdf",
        file__data=PDF,
    )
    assert bucket.stored("documents/") == [document.file.name]
    return document


@pytest.fixture
def reader(db):
    from django.test import Client

    reader = Client()
    reader.force_login(get_user_model().objects.create_user("reader", password="x"))
    return reader


@pytest.mark.django_db
def test_a_private_document_is_never_public_and_the_view_serves_it_from_the_bucket(
    client, reader, bucket, private_document
):
    document = private_document
    assert fetch(f"{bucket.endpoint}/{BUCKET}/{document.file.name}")[0] == 403
    view = f"/documents/{document.pk}/{document.filename}"
    anonymous = client.get(view)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    assert "no-store" in anonymous["Cache-Control"]

    allowed = reader.get(view)
    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == PDF
    assert allowed["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_with_redirects_a_permitted_visitor_gets_a_short_lived_signed_url(
    settings, client, reader, bucket, private_document
):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"  # what MEDIA_S3_DOCUMENT_REDIRECT sets
    document = private_document
    view = f"/documents/{document.pk}/{document.filename}"
    anonymous = client.get(view)
    assert anonymous.status_code == 302
    assert not anonymous["Location"].startswith(bucket.endpoint)  # to the log-in page

    allowed = reader.get(view)
    assert allowed.status_code == 302
    signed = allowed["Location"]
    assert signed.startswith(f"{bucket.endpoint}/{BUCKET}/documents/")
    assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["300"]
    assert "no-store" in allowed["Cache-Control"] and "private" in allowed["Cache-Control"]
    status, body, headers = fetch(signed)
    assert status == 200 and body == PDF
    # The type and disposition Wagtail's own view sends.
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == "inline"

    # Any change to the URL breaks its signature.
    assert fetch(signed.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"))[0] == 403
    assert fetch(signed.replace(document.filename, "other.pdf"))[0] == 403
    signature = parse_qs(urlsplit(signed).query)["X-Amz-Signature"][0]
    forged = signed.replace(
        signature, signature[:-4] + ("0000" if signature[-4:] != "0000" else "1111")
    )
    assert fetch(forged)[0] == 403


@pytest.mark.django_db
def test_a_signed_url_fails_once_it_has_expired(bucket, private_document):
    storage = private_document.file.storage
    name = private_document.file.name
    now = botocore.auth.get_current_datetime

    def ten_minutes_ago(remove_tzinfo: bool = True):
        return now(remove_tzinfo) - timedelta(minutes=10)

    # Two URLs handed out ten minutes ago: one valid for five minutes, one for an hour.
    with mock.patch.object(botocore.auth, "get_current_datetime", ten_minutes_ago):
        expired = storage.url(name, expire=300)
        still_valid = storage.url(name, expire=3600)
    assert fetch(expired)[0] == 403
    status, body, _ = fetch(still_valid)
    assert status == 200 and body == PDF


@pytest.mark.django_db
def test_the_api_shows_a_private_document_as_restricted_only(client, site_tree, private_document):
    report = site_tree["report"]
    report.document = private_document
    report.save_revision().publish()
    answer = client.get(f"/api/v3/pages/{report.pk}/")
    assert answer.status_code == 200
    assert answer.json()["document"] == {"restricted": True}
    assert private_document.file.name not in answer.content.decode()


@pytest.mark.django_db
def test_a_pdfs_text_is_read_from_the_bucket(
    admin_client, bucket, django_capture_on_commit_callbacks
):
    data = pdf_with_text("Hartford's insurance workforce pipeline grew in every county.")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/documents/add/",
            {
                "title": "Workforce",
                "file": SimpleUploadedFile("workforce.pdf", data, "application/pdf"),
                "collection": Collection.get_first_root_node().pk,
            },
        )
    assert response.status_code == 302
    document = Document.objects.get(title="Workforce")
    with pytest.raises(NotImplementedError):
        document.file.path  # noqa: B018 (a bucket has no local path)
    assert bucket.stored("documents/") == [document.file.name]
    record = DocumentText.objects.get(document_id=document.pk)
    assert record.status == DocumentText.Status.OK, record.message
    text = " ".join(
        DocumentPage.objects.filter(document_id=document.pk).values_list("text", flat=True)
    )
    assert "workforce pipeline" in text


# A wrong secret ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_wrong_secret_is_refused_and_the_upload_says_so(settings, admin_client, client, bucket):
    use_bucket(settings, bucket, MEDIA_S3_SECRET_ACCESS_KEY="not-the-secret")
    # The store refuses the signature itself.
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as refused:
        bucket.client(secret_key="not-the-secret").head_bucket(Bucket=BUCKET)
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403

    response = upload_image(admin_client, "refused.png", png(200, 100))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file was not saved" in page and "403" in page
    assert 'name="file"' in page  # the upload form, to try again
    assert not Image.objects.filter(title="refused.png").exists()

    # This view saves outside a transaction: in one of its own here, so that the failed
    # save leaves the test's transaction usable, as autocommit leaves a real request's.
    with transaction.atomic():
        multiple = admin_client.post(
            "/admin/documents/multiple/add/",
            {
                "files[]": SimpleUploadedFile("refused.pdf", PDF, "application/pdf"),
                "collection": Collection.get_first_root_node().pk,
            },
        )
    assert multiple.status_code == 200
    answer = multiple.json()
    assert answer["success"] is False
    assert "MEDIA_S3_SECRET_ACCESS_KEY" in answer["error_message"]
    assert not Document.objects.filter(title="refused.pdf").exists()
    assert bucket.stored() == []  # nothing written

    ready = client.get("/readyz/")
    assert ready.status_code == 503
    assert ready.json()["failed"] == ["storage"]
    assert "403" in ready.json()["checks"]["storage"]["error"]


# Readiness and an outage ---------------------------------------------------------------------


@pytest.mark.django_db
def test_readiness_heads_the_bucket(client, bucket):
    response = client.get("/readyz/")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["storage"]["ok"] is True
    # A HEAD of the bucket: the readiness check writes nothing there.
    assert bucket.stored() == []


@pytest.mark.django_db
def test_readiness_waits_for_a_store_that_never_answers_at_most_its_timeout(settings, client):
    # A socket that takes connections and never answers: a hung store.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", free_block()))
        hung.listen(8)
        endpoint = f"http://127.0.0.1:{hung.getsockname()[1]}"
        built, _ = media_s3(
            {"MEDIA_S3_BUCKET": BUCKET, "MEDIA_S3_ENDPOINT_URL": endpoint, "MEDIA_S3_TIMEOUT": "1"}
        )
        settings.STORAGES = {**django_settings.STORAGES, **built}
        started = time.monotonic()
        response = client.get("/readyz/")
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert "cannot be reached" in response.json()["checks"]["storage"]["error"]
    # Never longer than its one-second timeout, once (no retry). It may fail sooner: a
    # busy machine can refuse the connection before the hung socket accepts it.
    assert waited < 3


@pytest.mark.django_db
def test_a_stopped_store_is_reported_and_the_site_degrades(
    settings,
    client,
    admin_client,
    reader,
    own_s3_server,  # noqa: F811
    site_tree,
    django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    server = own_s3_server
    use_bucket(settings, server, MEDIA_S3_TIMEOUT="1")
    call_command("media_bucket_policy", "--apply", stdout=io.StringIO())
    image = factories.ImageFactory(file__width=800, file__height=400)
    with django_capture_on_commit_callbacks(execute=True):  # its text read, as after a commit
        public = factories.DocumentFactory(
            title="Annual report",
            file__filename="annual.pdf",
            file__data=pdf_with_text("Regional exports rose for the third year running."),
        )
        public.file_size = public.file.size  # as the admin's upload records it
        public.save()
    assert DocumentText.objects.get(document_id=public.pk).status == DocumentText.Status.OK
    pages_read = list(DocumentPage.objects.filter(document_id=public.pk).values_list("text"))
    report = site_tree["report"]
    report.listing_image = image
    report.document = public
    report.save_revision().publish()
    before = client.get(f"/api/v3/pages/{report.pk}/").json()
    assert client.get("/readyz/").status_code == 200

    server.stop()

    ready = client.get("/readyz/")
    assert ready.status_code == 503
    assert ready.json()["failed"] == ["storage"]
    assert "cannot be reached" in ready.json()["checks"]["storage"]["error"]
    assert ready.json()["checks"]["storage"]["seconds"] < 5

    # The API answers as before, uncached: renditions and their URLs come from the database.
    from django.core.cache import cache

    cache.clear()
    detail = client.get(f"/api/v3/pages/{report.pk}/")
    assert detail.status_code == 200
    assert detail.json()["listing_image"] == before["listing_image"]
    assert detail.json()["document"] == before["document"]
    assert client.get("/api/v3/pages/", {"type": "reports.ReportPage"}).status_code == 200

    # A document's file cannot be sent: 503 with Retry-After, not a 500.
    served = reader.get(f"/documents/{public.pk}/{public.filename}")
    assert served.status_code == 503 and served["Retry-After"]

    # An upload says why it failed, and writes nothing.
    response = upload_image(admin_client, "during-outage.png", png(100, 100))
    assert "The file was not saved" in response.content.decode()
    assert "cannot be reached" in response.content.decode()
    assert not Image.objects.filter(title="during-outage.png").exists()

    # A PDF whose text is to be read again (its file replaced, say) stays pending, its
    # earlier text kept, while the task tries again with a backoff (at once here: the
    # immediate task backend cannot defer), then gives up until rebuild_site_search.
    from search.tasks import REINDEX_ATTEMPTS, extract_document_text

    DocumentText.objects.filter(document_id=public.pk).update(status=DocumentText.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True) as retries:
        assert extract_document_text.call(public.pk) == "retrying"
    assert len(retries) == REINDEX_ATTEMPTS - 1
    record = DocumentText.objects.get(document_id=public.pk)
    assert record.status == DocumentText.Status.PENDING
    assert record.message.startswith("Waiting for media storage: Media storage cannot be reached")
    assert (
        list(DocumentPage.objects.filter(document_id=public.pk).values_list("text")) == pages_read
    )

    server.start()
    assert client.get("/readyz/").status_code == 200
    assert extract_document_text.call(public.pk) == DocumentText.Status.OK
