"""The OpenAPI document is valid and describes every endpoint a front end uses, typed."""

import pytest
from openapi_spec_validator import validate

from tests.openapi import openapi_document


@pytest.mark.django_db
def test_the_document_is_valid_openapi():
    validate(openapi_document())


@pytest.mark.django_db
def test_the_front_end_endpoints_are_described():
    paths = openapi_document()["paths"]
    for path in [
        "/api/v3/pages/",
        "/api/v3/pages/{page_id}/",
        "/api/v3/pages/find/",
        "/api/v3/route/",
        "/api/v3/navigation/",
        "/api/v3/site/",
        "/api/v3/preview/",
    ]:
        assert "get" in paths[path], path


@pytest.mark.django_db
def test_stream_blocks_are_a_discriminated_union():
    schemas = openapi_document()["components"]["schemas"]
    body = schemas["ReportPageDetail"]["properties"]["body"]
    union = body["items"]
    assert union["discriminator"]["propertyName"] == "type"
    mapping = union["discriminator"]["mapping"]
    assert {"challenge", "indicator", "data_table", "where_change", "paragraph"} <= set(mapping)
    indicator = schemas[mapping["indicator"].rsplit("/", 1)[-1]]
    assert indicator["properties"]["type"] == {
        "const": "indicator",
        "title": "Type",
        "type": "string",
    }
    block = schemas["IndicatorBlock"]["properties"]
    # A number, or null when the chosen indicator has no value for the edition's period.
    assert {option["type"] for option in block["value"]["anyOf"]} == {"number", "null"}
    assert {"indicator", "point", "comparison", "downloads"} <= set(block)
    assert "comparison_geography" not in block  # shown as comparison.geography
    assert "downloads" in schemas["DataTableBlock"]["properties"]
