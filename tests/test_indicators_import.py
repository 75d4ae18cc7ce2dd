"""The CSV import of observations: checks, all-or-nothing, idempotence, history, admin."""

import pytest
from wagtail.models import ModelLogEntry

from indicators import importer
from indicators.models import Observation
from tests.factories import GeographyFactory, IndicatorFactory

GOOD = (
    "indicator,geography,period,value,margin_of_error,status,note\n"
    "degree-share,metro-hartford,2021,40.2,1.1,final,\n"
    "degree-share,metro-hartford,2022,41,,provisional,Early estimate\n"
    "degree-share,connecticut,2022-Q3,42.5,,,\n"
    "income,metro-hartford,2022-04,71000,,,\n"
)

BAD = (
    "indicator,geography,period,value,margin_of_error,status,note\n"
    "degree-share,metro-hartford,2021,40.2,,,\n"  # good
    "degree-share,atlantis,2021,40.2,,,\n"  # 3: unknown geography
    "degree-share,metro-hartford,2021,41,,,\n"  # 4: duplicate period (line 2)
    "degree-share,connecticut,2021,forty,,,\n"  # 5: not a number
    "degree-share,connecticut,2021-Q5,40,,,\n"  # 6: bad period
    "nothing,connecticut,2020,40,,,\n"  # 7: unknown indicator
    "degree-share,connecticut,2020,40,,maybe,\n"  # 8: bad status
    "degree-share,connecticut,2019,40%,abc,,\n"  # 9: two bad numbers
)


@pytest.fixture
def places(db):
    return {
        "metro": GeographyFactory(name="Metro Hartford", slug="metro-hartford", kind="region"),
        "state": GeographyFactory(name="Connecticut", slug="connecticut", kind="state"),
    }


@pytest.fixture
def indicators(places):
    return {
        "degree": IndicatorFactory(name="Degree share", slug="degree-share"),
        "income": IndicatorFactory(name="Income", slug="income", unit="dollars"),
    }


def test_a_good_file_is_previewed_then_saved(indicators):
    plan = importer.plan(GOOD.encode())
    assert plan.ok and plan.errors == []
    assert plan.counts() == {"create": 4, "update": 0, "unchanged": 0}
    assert not Observation.objects.exists()  # a preview saves nothing
    outcome = importer.apply(plan, filename="good.csv")
    assert outcome.counts["create"] == 4
    quarter = Observation.objects.get(period="2022-Q3")
    assert (quarter.period_type, str(quarter.start_date), str(quarter.end_date)) == (
        "quarter",
        "2022-07-01",
        "2022-09-30",
    )
    provisional = Observation.objects.get(period="2022", geography__slug="metro-hartford")
    assert provisional.status == "provisional" and provisional.note == "Early estimate"
    assert Observation.objects.get(period="2022-04").period_type == "month"


def test_a_bad_file_names_every_bad_row_and_saves_nothing(indicators):
    plan = importer.plan(BAD.encode())
    assert not plan.ok
    reasons = {error.line: error.reason for error in plan.errors}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9}
    assert "unknown geography “atlantis”" in reasons[3]
    assert "duplicate period" in reasons[4] and "line 2" in reasons[4]
    assert "“forty” is not a number" in reasons[5]
    assert "bad period" in reasons[6]
    assert "unknown indicator “nothing”" in reasons[7]
    assert "status" in reasons[8]
    assert "value “40%” is not a number" in reasons[9] and "margin_of_error" in reasons[9]
    with pytest.raises(ValueError):
        importer.apply(plan)
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"indicator,period\nx,2020\n", r"lacks the column\(s\) geography, value"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(indicators, data, message):
    with pytest.raises(importer.ImportFileError, match=message):
        importer.plan(data)


def test_importing_the_same_file_again_changes_nothing(indicators):
    importer.apply(importer.plan(GOOD.encode()), filename="good.csv")
    before = list(Observation.objects.order_by("pk").values())
    again = importer.plan(GOOD.encode())
    assert again.counts() == {"create": 0, "update": 0, "unchanged": 4}
    importer.apply(again, filename="good.csv")
    assert list(Observation.objects.order_by("pk").values()) == before
    # A changed value updates that row only.
    changed = importer.plan(GOOD.replace("40.2,1.1", "40.3,1.1").encode())
    assert changed.counts() == {"create": 0, "update": 1, "unchanged": 3}
    importer.apply(changed)
    assert Observation.objects.get(period="2021").value == 40.3
    assert Observation.objects.count() == 4


def test_each_import_is_in_the_indicators_history(indicators, admin_user):
    importer.apply(importer.plan(GOOD.encode()), user=admin_user, filename="good.csv")
    importer.apply(importer.plan(GOOD.encode()), user=admin_user, filename="good.csv")
    entries = ModelLogEntry.objects.filter(
        action=importer.IMPORT_ACTION, object_id=str(indicators["degree"].pk)
    ).order_by("pk")
    assert [e.data for e in entries] == [
        {"file": "good.csv", "created": 3, "updated": 0, "unchanged": 0},
        {"file": "good.csv", "created": 0, "updated": 0, "unchanged": 3},
    ]
    assert entries[0].user_id == admin_user.pk
    assert entries[0].message.startswith("Imported observations from good.csv: 3 added")


def test_importing_into_one_indicator(indicators):
    data = b"geography,period,value\nmetro-hartford,2020,1\n"
    plan = importer.plan(data, indicators["income"])
    assert plan.ok
    importer.apply(plan)
    assert Observation.objects.get().indicator == indicators["income"]
    other = b"indicator,geography,period,value\ndegree-share,metro-hartford,2020,1\n"
    refused = importer.plan(other, indicators["income"])
    assert "not the one being imported" in refused.errors[0].reason


def test_a_translations_slug_imports_into_the_original(indicators):
    from wagtail.models import Locale

    spanish = Locale.objects.get_or_create(language_code="es")[0]
    translated = indicators["degree"].copy_for_translation(spanish)
    translated.slug = "proporcion-titulados"
    translated.save()
    importer.apply(
        importer.plan(
            b"indicator,geography,period,value\nproporcion-titulados,metro-hartford,2020,5\n"
        )
    )
    assert Observation.objects.get().indicator_id == indicators["degree"].pk


def test_the_admin_previews_then_imports(indicators, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/admin/indicators/import/"
    assert admin_client.get(url).status_code == 200
    bad = admin_client.post(url, {"file": SimpleUploadedFile("bad.csv", BAD.encode())})
    assert bad.status_code == 200
    assert b"Nothing was saved" in bad.content and b"atlantis" in bad.content
    preview = admin_client.post(url, {"file": SimpleUploadedFile("good.csv", GOOD.encode())})
    assert b"4 observations to add" in preview.content
    assert not Observation.objects.exists()
    token = preview.context["token"]
    done = admin_client.post(url, {"token": token})
    assert done.status_code == 302
    assert Observation.objects.count() == 4
    # The token is spent: posting it again imports nothing more.
    assert admin_client.post(url, {"token": token}).status_code == 302
    export = admin_client.get("/admin/indicators/export/")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export["Content-Disposition"] == 'attachment; filename="observations.csv"'
    assert body.splitlines()[0].startswith("indicator,geography,period,value,margin_of_error")
    assert len(body.splitlines()) == 5
    # The export imports again as it is, changing nothing.
    assert importer.plan(body.encode()).counts() == {"create": 0, "update": 0, "unchanged": 4}
