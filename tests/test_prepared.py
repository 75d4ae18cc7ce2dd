"""
Prepared queries (``cms.core.prepared``) return what the querysets they were built from
return, for every page of the demo content, in one query each.
"""

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.api.pages import (
    LOADED,
    RELATIVES,
    _related,
    _relatives,
    api_for,
    detail_queryset,
    load_detail,
)
from cms.api.routers.pages import _detail_query
from cms.api.routers.route import _live_at
from cms.core.prepared import PreparedBundle, PreparedQuery


def fields(obj: Model) -> dict:
    """Every column the instance was loaded with, and those of what it joined."""
    values = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname in obj.__dict__
    }
    for name, joined in obj._state.fields_cache.items():
        values[name] = fields(joined) if joined is not None else None
    return values


def same(prepared: list, plain: list) -> None:
    assert [type(obj) for obj in prepared] == [type(obj) for obj in plain]
    assert [fields(obj) for obj in prepared] == [fields(obj) for obj in plain]


@pytest.mark.django_db
def test_every_page_s_detail_and_inline_lists_come_back_as_from_the_queryset(demo):
    pages = list(Page.objects.filter(depth__gt=1).specific())
    assert len(pages) > 40
    relations = 0
    for page in pages:
        model = type(page)
        plain = list(detail_queryset(model).filter(pk=page.pk, live=True, depth__gt=1))
        same(_detail_query(model)(page.pk), plain)
        for spec in api_for(model).fields.values():
            relation = spec.source
            if relation and model._meta.get_field(relation).one_to_many:
                for select in ((), tuple(spec.select)):
                    key = (model, relation, select)
                    plain = list(_related(*key, page.pk))
                    same(PreparedQuery(lambda pk, key=key: _related(*key, pk), int)(page.pk), plain)
                    relations += bool(plain)
    assert relations > 10  # the demo's reports, initiatives and industries link onwards


@pytest.mark.django_db
def test_translations_and_ancestors_come_back_as_from_the_queryset(demo):
    spanish = 0
    for page in Page.objects.filter(depth__gt=2):
        steplen = Page.steplen
        ancestors = [page.path[:n] for n in range(2 * steplen, len(page.path), steplen)]
        query = PreparedQuery(_relatives, uuid.UUID, *(str for _ in ancestors))
        prepared = query(page.translation_key, *ancestors)
        same(prepared, list(_relatives(page.translation_key, *ancestors)))
        spanish += any(row.locale_id != page.locale_id for row in prepared)
    assert spanish > 10  # translations were found, not only ancestors


@pytest.mark.django_db
def test_a_path_finds_its_live_page_and_nothing_else(demo):
    for page in Page.objects.live().filter(depth__gt=1):
        assert _live_at(page.url_path) == [(page.pk, page.path)]
    assert _live_at("/home/no-such-page/") == []
    assert _live_at("/home/' OR 1=1 --/") == []


@pytest.mark.django_db
def test_each_call_is_one_query_with_the_values_given(demo):
    report = Page.objects.get(
        slug="metro-hartford-progress-points-third-edition", locale__language_code="en"
    )
    query = _detail_query(type(report.specific))
    query(report.pk)  # compiled here
    with CaptureQueriesContext(connection) as queries:
        found = query(report.pk)
        missing = query(10**9)
    assert len(queries) == 2
    assert [page.pk for page in found] == [report.pk] and missing == []
    assert str(report.pk) in queries[0]["sql"] and str(10**9) in queries[1]["sql"]


@pytest.mark.django_db
def test_a_value_django_changes_on_its_way_into_the_sql_is_refused():
    # __contains wraps the value in %…%: the SQL's parameter is not the value given.
    query = PreparedQuery(lambda title: Page.objects.filter(title__contains=title), str)
    with pytest.raises(ImproperlyConfigured, match="should appear once"):
        query("Hartford")


@pytest.mark.django_db
def test_values_of_another_type_are_refused():
    query = PreparedQuery(lambda pk: Page.objects.filter(pk=pk), int)
    for wrong in ("1", 1.0, True, None):
        with pytest.raises(TypeError):
            query(wrong)
    with pytest.raises(TypeError):
        query(1, 2)


@pytest.mark.django_db
def test_postgresql_plans_a_prepared_query_once_per_connection(demo):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    report = Page.objects.get(
        slug="metro-hartford-progress-points-third-edition", locale__language_code="en"
    )
    query = _detail_query(type(report.specific))
    for _ in range(3):
        assert [page.pk for page in query(report.pk)] == [report.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "reports_reportpage"' in statement for statement in statements)


def test_prepared_statements_are_on_for_postgresql_unless_switched_off():
    from cms.databases import prepared_statements

    def options(environ):
        databases = {
            "default": {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}},
            "local": {"ENGINE": "django.db.backends.sqlite3"},
        }
        prepared_statements(databases, environ)
        return databases["default"]["OPTIONS"], databases["local"].get("OPTIONS")

    assert options({}) == ({"prepare_threshold": 0}, None)
    assert options({"DATABASE_PREPARED_STATEMENTS": "off"}) == ({}, None)
    with pytest.raises(ImproperlyConfigured, match="'on' or 'off'"):
        options({"DATABASE_PREPARED_STATEMENTS": "maybe"})


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("queries are bundled on PostgreSQL only")


@pytest.mark.django_db
def test_a_page_s_detail_loads_with_its_relatives_and_inline_lists_as_read_alone(demo):
    # One round trip (PostgreSQL) gives what the page's detail would read with one query
    # each: the page, its translations and ancestors, and every inline list it declares.
    postgresql_only()
    pages = list(Page.objects.filter(depth__gt=1).specific())
    lists = spanish = 0
    for page in pages:
        model = type(page)
        with CaptureQueriesContext(connection) as queries:
            loaded = load_detail(model, page.pk)
        assert len(queries) == 1
        plain = list(detail_queryset(model).filter(pk=page.pk, live=True, depth__gt=1))
        same([loaded] if loaded is not None else [], plain)
        if loaded is None:
            continue
        found = loaded.__dict__[LOADED]
        steplen = Page.steplen
        ancestors = [page.path[:n] for n in range(2 * steplen, len(page.path), steplen)]
        same(found[RELATIVES], list(_relatives(page.translation_key, *ancestors)))
        spanish += any(row.locale_id != page.locale_id for row in found[RELATIVES])
        for spec in api_for(model).fields.values():
            for relation, select in spec.related:
                plain = list(_related(model, relation, select, page.pk))
                same(found[(relation, select)], plain)
                lists += bool(plain)
    assert lists > 10 and spanish > 10


@pytest.mark.django_db
def test_a_bundle_reads_back_every_kind_of_column_as_the_database_gives_it(demo):
    # Dates, times with their zone, UUIDs, JSON documents (a StreamField), booleans and
    # nulls, each as the query alone returns it, and in the query's own order.
    postgresql_only()
    from reports.models import ReportPage

    def reports(pk: int):
        return ReportPage.objects.filter(pk__gte=pk).order_by("-publication_date", "pk")

    def pages(pk: int):
        return Page.objects.filter(pk__gte=pk).order_by("-path")

    bundle = PreparedBundle([reports, pages], int)
    with CaptureQueriesContext(connection) as queries:
        found_reports, found_pages = bundle(1)
    assert len(queries) == 1
    same(found_reports, list(reports(1)))
    same(found_pages, list(pages(1)))
    assert len(found_pages) > 40 and found_reports[0].body.raw_data
    assert bundle(10**6) == [[], []]


@pytest.mark.django_db
def test_a_bundle_leaves_other_databases_to_run_each_query():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's answer")
    bundle = PreparedBundle([lambda pk: Page.objects.filter(pk=pk)], int)
    with CaptureQueriesContext(connection) as queries:
        assert bundle(1) is None
    assert len(queries) == 0


@pytest.mark.django_db
def test_a_column_a_bundle_cannot_carry_leaves_each_query_to_run_alone(caplog):
    postgresql_only()
    from django.db.models import BinaryField, Value

    def odd(pk: int):
        return Page.objects.filter(pk=pk).annotate(raw=Value(b"x", output_field=BinaryField()))

    bundle = PreparedBundle([odd], int)
    with CaptureQueriesContext(connection) as queries:
        assert bundle(1) is None
    assert len(queries) == 0
    assert "cannot select a BinaryField" in caplog.text
