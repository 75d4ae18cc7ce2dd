"""
The site search API on factory-built content: results, highlights, facets, filters,
suggestions, promotions, languages, popular searches, and keeping the index current.
"""

import datetime
import json

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, PageViewRestriction

from search import text
from search.models import Entry
from tests import factories
from tests.shared import as_built, built_once_per_module, make_home, read_again

URL = "/api/v3/search/"


def build_content() -> dict:
    """A small site: two initiatives, two industries, two reports, partners and a person."""
    home = make_home()
    insurance_co = factories.OrganisationFactory(
        name="Travelers Insurance", description="A large insurer."
    )
    contact = factories.PersonFactory(name="Dana Whitfield", role="Director of Talent")
    theme_jobs = factories.ThemeFactory(name="Job Growth")
    theme_talent = factories.ThemeFactory(name="Talent")
    initiatives = factories.InitiativeIndexPageFactory(parent=home, slug="initiatives")
    hype = factories.InitiativePageFactory(
        parent=initiatives,
        title="HYPE",
        slug="hype",
        goal="Attract and retain young professionals",
        summary="Hartford Young Professionals and Entrepreneurs connects millennials.",
        contact_person=contact,
    )
    insurance_initiative = factories.InitiativePageFactory(
        parent=initiatives,
        title="Insurance & Financial Services",
        slug="insurance-initiative",
        goal="Grow the insurance workforce",
        summary="Careers in insurance and finance.",
    )
    insurance_initiative.partners.create(organisation=insurance_co)
    industries = factories.IndustryIndexPageFactory(parent=home, slug="industries")
    insurance = factories.IndustryProfilePageFactory(
        parent=industries,
        title="Insurance",
        slug="insurance",
        sector_summary="The insurance capital of the world, with major employers.",
    )
    insurance.major_employers.create(name="Hartford Steam Boiler")
    aerospace = factories.IndustryProfilePageFactory(
        parent=industries,
        title="Aerospace",
        slug="aerospace",
        sector_summary="Jet engines and precision manufacturing.",
    )
    reports = factories.ReportIndexPageFactory(parent=home, slug="reports")
    progress = factories.ReportPageFactory(
        parent=reports,
        title="Progress Points",
        slug="progress-points",
        summary="Millennials, the CT fastrak busway and jobs in the region.",
        publication_date=datetime.date(2016, 6, 1),
    )
    progress.report_themes.create(theme=theme_jobs)
    progress.related_industries.create(industry=insurance)
    progress.related_initiatives.create(initiative=hype)
    brief = factories.ReportPageFactory(
        parent=reports,
        title="Aerospace data brief",
        slug="aerospace-brief",
        report_type="data_brief",
        summary="Jobs in aerospace manufacturing grew.",
        publication_date=datetime.date(2023, 3, 1),
    )
    brief.report_themes.create(theme=theme_talent)
    brief.related_industries.create(industry=aerospace)
    pages = {
        "home": home,
        "initiatives": initiatives,
        "hype": hype,
        "insurance_initiative": insurance_initiative,
        "industries": industries,
        "insurance": insurance,
        "aerospace": aerospace,
        "reports": reports,
        "progress": progress,
        "brief": brief,
    }
    for page in pages.values():
        page.save_revision().publish()
    return {
        **pages,
        "theme_jobs": theme_jobs,
        "theme_talent": theme_talent,
        "insurer": insurance_co,
        "contact": contact,
    }


@pytest.fixture(scope="module")
def _shared_content(request, django_db_setup, django_db_blocker):
    with built_once_per_module(request, django_db_blocker, build_content) as built:
        yield built


@pytest.fixture
def content(_shared_content, db):
    """The module's small site (built once for the module, tests/shared.py)."""
    if _shared_content is None:
        return read_again(as_built(build_content()))
    return read_again(_shared_content)


def search(client, REMOTE_ADDR="127.0.0.1", **params):
    response = client.get(URL, params, REMOTE_ADDR=REMOTE_ADDR)
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [hit["title"] for hit in data["results"]]


# Results ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_result_carries_title_type_path_summary_excerpt_and_date(client, content):
    data = search(client, q="fastrak")
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["title"] == "Progress Points"
    assert hit["kind"] == "report"
    assert hit["id"] == content["progress"].pk
    assert hit["path"] == "/reports/progress-points/"
    assert hit["date"] == "2016-06-01"
    assert hit["summary"]
    assert "CT <mark>fastrak</mark> busway" in hit["excerpt"]
    assert hit["document"] is None and hit["promoted"] is False


@pytest.mark.django_db
def test_excerpt_marks_stemmed_matches_and_is_html_safe(client, content):
    report = content["progress"]
    report.summary = 'Millennial workers & millennials stay: 5 < 6, "quoted" <b>bold</b>.'
    report.save_revision().publish()
    hit = search(client, q="millennials")["results"][0]
    assert "<mark>Millennial</mark> workers &amp; <mark>millennials</mark>" in hit["excerpt"]
    assert "5 &lt; 6, &quot;quoted&quot; bold." in hit["excerpt"]
    assert hit["excerpt"].count("<") == hit["excerpt"].count("mark>")


@pytest.mark.django_db
def test_all_words_must_match_and_phrases_keep_order(client, content):
    assert titles(search(client, q="insurance capital")) == ["Insurance"]
    assert search(client, q='"capital insurance"')["total"] == 0
    assert search(client, q='"insurance capital"')["total"] == 1


@pytest.mark.django_db
def test_title_matches_rank_first(client, content):
    top = titles(search(client, q="insurance"))[:2]
    assert set(top) == {"Insurance", "Insurance & Financial Services"}


@pytest.mark.django_db
def test_stream_and_inline_text_is_indexed(client, content):
    assert "Insurance" in titles(search(client, q="boiler"))  # a major employer's name
    # The partner's name finds the initiative page, and the partner itself.
    data = search(client, q="travelers")
    kinds = {hit["kind"]: hit for hit in data["results"]}
    assert kinds["initiative"]["title"] == "Insurance & Financial Services"
    assert kinds["organisation"]["title"] == "Travelers Insurance"
    assert kinds["organisation"]["path"] == "/initiatives/insurance-initiative/"


@pytest.mark.django_db
def test_people_are_hits_pointing_to_their_page(client, content):
    data = search(client, q="whitfield", type="person")
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["title"] == "Dana Whitfield"
    assert hit["path"] == "/initiatives/hype/"


@pytest.mark.django_db
def test_sort_newest(client, content):
    data = search(client, q="jobs", sort="newest")
    assert titles(data)[:2] == ["Aerospace data brief", "Progress Points"]


@pytest.mark.django_db
def test_pagination(client, content):
    first = search(client, q="insurance", page_size=1)
    second = search(client, q="insurance", page_size=1, page=2)
    assert first["total"] == second["total"] >= 3
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["title"] != second["results"][0]["title"]
    assert search(client, q="insurance", page=50)["results"] == []


# Facets -----------------------------------------------------------------------------------


def facet(data, name):
    return {item["value"]: item["count"] for item in data["facets"][name]}


@pytest.mark.django_db
def test_facets_count_the_whole_result_set(client, content):
    data = search(client, q="jobs", page_size=1)
    assert data["total"] == 2
    assert facet(data, "type") == {"report": 2}
    assert facet(data, "report_type") == {"progress_points": 1, "data_brief": 1}
    assert facet(data, "year") == {"2016": 1, "2023": 1}
    themes = {item["label"]: item["count"] for item in data["facets"]["theme"]}
    assert themes == {"Job Growth": 1, "Talent": 1}
    industries = {item["label"] for item in data["facets"]["industry"]}
    assert industries == {"Insurance", "Aerospace"}


@pytest.mark.django_db
def test_each_facet_ignores_its_own_filter_and_honours_the_others(client, content):
    data = search(client, q="jobs", report_type="data_brief")
    assert titles(data) == ["Aerospace data brief"]
    assert data["total"] == 1
    # Its own facet still shows both values, so visitors can switch.
    assert facet(data, "report_type") == {"progress_points": 1, "data_brief": 1}
    # Other facets honour the filter.
    assert facet(data, "year") == {"2023": 1}
    data = search(client, q="jobs", report_type="data_brief", year=2016)
    assert data["total"] == 0
    assert facet(data, "report_type") == {"progress_points": 1}
    assert facet(data, "year") == {"2023": 1}


@pytest.mark.django_db
def test_filters_by_theme_industry_initiative_and_type(client, content):
    theme = content["theme_jobs"].pk
    assert titles(search(client, q="jobs", theme=theme)) == ["Progress Points"]
    industry = content["aerospace"].pk
    assert set(titles(search(client, q="aerospace", industry=industry))) == {
        "Aerospace",
        "Aerospace data brief",
    }
    initiative = content["hype"].pk
    assert set(titles(search(client, q="millennials", initiative=initiative))) == {
        "HYPE",
        "Progress Points",
    }
    assert titles(search(client, q="insurance", type="industry")) == ["Insurance"]
    both = search(client, q="insurance", type=["industry", "initiative"])
    assert set(titles(both)) == {"Insurance", "Insurance & Financial Services"}


# Suggestions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_suggest_completes_titles_from_any_word(client, content):
    data = client.get(f"{URL}suggest/", {"q": "prog"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Progress Points"]
    assert data["suggestions"][0]["path"] == "/reports/progress-points/"
    data = client.get(f"{URL}suggest/", {"q": "poin"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Progress Points"]
    data = client.get(f"{URL}suggest/", {"q": "INSUR"}).json()
    assert {s["title"] for s in data["suggestions"]} >= {
        "Insurance",
        "Insurance & Financial Services",
    }


@pytest.mark.django_db
def test_suggest_returns_ten_at_most(client, content):
    reports = content["reports"]
    for number in range(15):
        factories.ReportPageFactory(
            parent=reports, title=f"Regional report {number}", slug=f"r{number}"
        ).save_revision().publish()
    data = client.get(f"{URL}suggest/", {"q": "regional"}).json()
    assert len(data["suggestions"]) == 10


@pytest.mark.django_db
def test_suggest_skips_hidden_titles_that_come_first(client, content):
    # Suggestions are read in index order and stop early: titles that sort first but
    # are unpublished or private must not crowd out the visible ones.
    reports = content["reports"]
    for number in range(45):
        page = factories.ReportPageFactory(
            parent=reports, title=f"Aardvark draft {number:02}", slug=f"hidden-{number}"
        )
        page.save_revision().publish()
        if number % 3:
            page.unpublish()
        else:
            PageViewRestriction.objects.create(page=page, restriction_type="login")
    for number in range(3):
        factories.ReportPageFactory(
            parent=reports, title=f"Aardvark survey {number}", slug=f"survey-{number}"
        ).save_revision().publish()

    data = client.get(f"{URL}suggest/", {"q": "aard"}).json()

    assert [s["title"] for s in data["suggestions"]] == [
        "Aardvark survey 0",
        "Aardvark survey 1",
        "Aardvark survey 2",
    ]


@pytest.mark.django_db
def test_suggest_puts_titles_that_start_with_the_words_first(client, content):
    reports = content["reports"]
    for title in ("The insurance outlook", "Insurance jobs", "Regional insurance data"):
        factories.ReportPageFactory(
            parent=reports, title=title, slug=title.lower().replace(" ", "-")
        ).save_revision().publish()

    titles = [
        s["title"] for s in client.get(f"{URL}suggest/", {"q": "insurance"}).json()["suggestions"]
    ]

    assert titles.index("Insurance jobs") < titles.index("The insurance outlook")
    assert titles.index("Insurance jobs") < titles.index("Regional insurance data")


@pytest.mark.django_db
def test_did_you_mean_uses_the_index_vocabulary(client, content):
    data = search(client, q="millenials")
    assert data["total"] == 0
    assert data["suggestion"] == "millennials"
    assert search(client, q="aerospace millenials")["suggestion"] is None  # finds nothing
    assert search(client, q="insurance")["suggestion"] is None
    assert search(client, q="zzzzqqq")["suggestion"] is None


# Promotions and popular searches -------------------------------------------------------------


@pytest.mark.django_db
def test_promoted_results_come_first(client, content):
    query = Query.get("jobs")
    SearchPromotion.objects.create(
        query=query, page=content["aerospace"], description="Editors' pick", sort_order=0
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.com/jobs",
        external_link_text="Job board",
        sort_order=1,
    )
    data = search(client, q="Jobs")
    assert titles(data)[:2] == ["Aerospace", "Job board"]
    assert data["results"][0]["promoted"] is True
    assert data["results"][0]["summary"] == "Editors' pick"
    assert data["results"][1]["kind"] == "link"
    assert data["results"][1]["url"] == "https://example.com/jobs"
    assert all(not hit["promoted"] for hit in data["results"][2:])
    assert search(client, q="jobs", page=2, page_size=1)["results"][0]["promoted"] is False


@pytest.mark.django_db
def test_searches_are_counted_for_the_editors_and_the_popular_list(client, content, settings):
    settings.SEARCH_POPULAR_MIN_VISITORS = 2
    for _ in range(3):
        search(client, q="insurance")  # the second and third come from the cache
    search(client, q="insurance", REMOTE_ADDR="198.51.100.2")
    for address in ("198.51.100.3", "198.51.100.4"):
        search(client, q="millennials", REMOTE_ADDR=address)
    search(client, q="aerospace")  # one visitor: counted, not listed
    for address in ("198.51.100.3", "198.51.100.4"):
        search(client, q="millenials", REMOTE_ADDR=address)  # no such word: never listed
    assert Query.get("insurance").hits == 4
    data = client.get(f"{URL}popular/", {"locale": "en"}).json()
    assert data["queries"] == [
        {"query": "insurance", "count": 2},
        {"query": "millennials", "count": 2},
    ]
    assert client.get(f"{URL}popular/", {"locale": "es"}).status_code in (200, 400)


# Languages --------------------------------------------------------------------------------------


@pytest.fixture
def spanish(content):
    locale, _ = Locale.objects.get_or_create(language_code="es")
    home_es = content["home"].copy_for_translation(locale)
    home_es.save_revision().publish()
    initiatives_es = content["initiatives"].copy_for_translation(locale)
    initiatives_es.save_revision().publish()
    hype = content["hype"].copy_for_translation(locale)
    hype.title = "HYPE"
    hype.goal = "Atraer y retener a jóvenes profesionales"
    hype.summary = "Empleos y educación para la próxima generación."
    hype.save_revision().publish()
    return Page.objects.get(pk=hype.pk).specific


@pytest.mark.django_db
def test_results_only_in_the_locale_asked_for(client, spanish):
    data = search(client, q="hype", locale="es")
    assert [(h["title"], h["path"]) for h in data["results"]] == [("HYPE", "/es/initiatives/hype/")]
    english = search(client, q="hype", locale="en")
    assert all(not hit["path"].startswith("/es/") for hit in english["results"])


@pytest.mark.django_db
def test_a_spanish_page_shows_its_partners_and_people_in_spanish(client, spanish, content):
    # The Spanish page still points at the English person (wagtail-localize synchronises
    # the reference); once the person has a Spanish translation, that is what it shows.
    def people(locale):
        return [
            (hit["title"], hit["summary"], hit["path"])
            for hit in search(client, q="whitfield", locale=locale)["results"]
            if hit["kind"] == "person"
        ]

    assert people("es") == [("Dana Whitfield", "Director of Talent", "/es/initiatives/hype/")]
    contact_es = content["contact"].copy_for_translation(spanish.locale)
    contact_es.role = "Directora de talento"
    contact_es.save()
    assert people("es") == [("Dana Whitfield", "Directora de talento", "/es/initiatives/hype/")]
    assert people("en") == [("Dana Whitfield", "Director of Talent", "/initiatives/hype/")]
    # A later edit of the Spanish person reaches the Spanish page's hit too.
    contact_es.role = "Directora de talento joven"
    contact_es.save()
    assert people("es")[0][1] == "Directora de talento joven"


@pytest.mark.django_db
def test_spanish_stemming_and_accents(client, spanish):
    for q in (
        "empleo",
        "empleos",
        "educacion",
        "educación",
        "EDUCACIONES",
        "jovenes profesionales",
    ):
        assert titles(search(client, q=q, locale="es")) == ["HYPE"], q
    hit = search(client, q="educacion", locale="es")["results"][0]
    assert "<mark>educación</mark>" in hit["excerpt"]
    assert search(client, q="empleos", locale="en")["total"] == 0


def test_text_normalisation():
    assert text.terms("Educación EDUCACION educaciones", "es") == ["educ"] * 3
    assert text.terms("Empleos empleo", "es") == ["emple", "emple"]
    assert text.terms("Millennials millennial", "en") == ["millenni", "millenni"]
    parsed = text.parse_query('"young professionals" hartford "unbalanced', "en")
    assert parsed.groups == [["young", "profession"], ["hartford"], ["unbalanc"]]
    assert parsed.fts5() == '"young profession" AND "hartford" AND "unbalanc"'
    assert parsed.tsquery() == "('young' <-> 'profession') & 'hartford' & 'unbalanc'"
    assert not text.parse_query("🙂 ' -- ; %", "en")


# Keeping the index current --------------------------------------------------------------------


@pytest.mark.django_db
def test_unpublished_pages_disappear(client, content):
    assert search(client, q="aerospace")["total"] == 2
    content["aerospace"].unpublish()
    assert titles(search(client, q="aerospace")) == ["Aerospace data brief"]
    assert not Entry.objects.filter(page_id=content["aerospace"].pk).exists()


@pytest.mark.django_db
def test_nothing_unpublished_leaks_even_if_the_index_is_stale(client, content):
    # Bypass the signals: the page is unpublished behind the index's back.
    Page.objects.filter(pk=content["aerospace"].pk).update(live=False)
    data = search(client, q="aerospace")
    assert titles(data) == ["Aerospace data brief"]
    assert data["total"] == 1
    assert client.get(f"{URL}suggest/", {"q": "aerosp"}).json()["suggestions"] == [
        {
            "title": "Aerospace data brief",
            "kind": "report",
            "id": content["brief"].pk,
            "path": "/reports/aerospace-brief/",
        }
    ]


@pytest.mark.django_db
def test_private_pages_are_never_returned(client, content):
    PageViewRestriction.objects.create(
        page=content["reports"], restriction_type=PageViewRestriction.LOGIN
    )
    assert search(client, q="jobs")["total"] == 0
    assert not Entry.objects.filter(page_id=content["progress"].pk).exists()
    PageViewRestriction.objects.all().delete()
    assert search(client, q="jobs")["total"] == 2


@pytest.mark.django_db
def test_private_pages_are_filtered_even_if_the_index_is_stale(client, content):
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=content["reports"], restriction_type="login")]
    )
    assert search(client, q="jobs")["total"] == 0


@pytest.mark.django_db
def test_published_changes_are_found_at_once(client, content):
    assert search(client, q="hydrogen")["total"] == 0
    page = content["aerospace"]
    page.sector_summary = "Hydrogen fuel cells."
    page.save_revision()  # a draft is not searchable
    assert search(client, q="hydrogen")["total"] == 0
    page.save_revision().publish()
    assert titles(search(client, q="hydrogen")) == ["Aerospace"]


@pytest.mark.django_db
def test_moved_pages_have_their_new_path(client, content):
    content["brief"].move(content["industries"], pos="last-child")
    hit = search(client, q="aerospace", type="report")["results"][0]
    assert hit["path"] == "/industries/aerospace-brief/"


@pytest.mark.django_db
def test_deleted_pages_disappear(client, content):
    content["aerospace"].delete()
    assert titles(search(client, q="aerospace")) == ["Aerospace data brief"]


@pytest.mark.django_db
def test_renamed_partner_is_found_under_its_new_name(client, content):
    insurer = content["insurer"]
    insurer.name = "Aetna"
    insurer.save()
    assert "Insurance & Financial Services" in titles(search(client, q="aetna"))
    assert "Travelers Insurance" not in titles(search(client, q="insurance"))


@pytest.mark.django_db
def test_rebuild_command(client, content):
    from django.core.management import call_command

    before = sorted(Entry.objects.values_list("key", "terms", "title_terms"))
    expected = search(client, q="insurance")
    content["aerospace"].unpublish()
    Entry.objects.all().delete()
    call_command("rebuild_site_search", verbosity=0)
    after = sorted(Entry.objects.values_list("key", "terms", "title_terms"))
    # The same entries as the indexing on save wrote, less the unpublished page's,
    # and searches (on PostgreSQL, through the rebuilt inverted list) answer as before.
    assert after and set(after) < set(before)
    assert not Entry.objects.filter(page=content["aerospace"]).exists()
    again = search(client, q="insurance")
    assert titles(again) == titles(expected) and again["total"] == expected["total"]


@pytest.mark.django_db
def test_a_page_with_an_image_block_is_indexed_with_its_caption_and_alt_text(
    client, home, django_capture_on_commit_callbacks, caplog
):
    image = factories.ImageFactory(title="Riverfront")
    page = factories.ContentPageFactory(parent=home, title="Along the river", slug="river")
    page.body = json.dumps(
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Kayakers"},
                    "caption": "Zebrafish hatchery open days",
                    "credit": "",
                },
            }
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    for q in ("zebrafish", "kayakers"):
        paths = [hit["path"] for hit in client.get(URL, {"q": q}).json()["results"]]
        assert paths == ["/river/"], q


@pytest.mark.django_db
def test_from_and_to_keep_results_published_within_them(client, content):
    assert titles(search(client, q="jobs", **{"from": "2020"})) == ["Aerospace data brief"]
    assert titles(search(client, q="jobs", to="2016-06")) == ["Progress Points"]
    assert titles(search(client, q="jobs", **{"from": "2016-06-01", "to": "2016-06-01"})) == [
        "Progress Points"
    ]
    # Undated results (initiatives, industries, people) are left out once a bound is set.
    assert set(titles(search(client, q="insurance", **{"from": "2000"}))) <= {
        "Progress Points",
        "Aerospace data brief",
    }
    assert search(client, q="jobs", **{"from": "2020", "to": "2010"})["total"] == 0
    for bad in ({"from": "June"}, {"to": "2020-13"}, {"from": "2020-Q0"}):
        response = client.get(URL, {"q": "jobs", **bad})
        assert response.status_code == 422, bad
        assert response["Content-Type"] == "application/problem+json"
