"""
The counts of tests/test_search_counts.py on generated pages (bench/search.py's), in a
module of its own: that module's demo content stays loaded for its whole length, and
the generator needs a tree without it.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.test_search_counts import check_query


@pytest.mark.django_db
def test_totals_facets_and_pages_agree_on_generated_content(client):
    from bench import search as bench

    bench.generate(400, bench.demo_sentences())
    # The index from scratch, as after a deployment's load (on OpenSearch, its copy too).
    call_command("rebuild_site_search", verbosity=0)
    cache.clear()
    found = 0
    for q in ["hartford", "region", "jobs", "insurance", "talent", "the", "workforce"]:
        found += check_query(client, q)
    assert found > 100
