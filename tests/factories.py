"""factory_boy factories for every page type and snippet (built on wagtail-factories)."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale

from cms.core.models import Organisation, Person, Theme
from home.models import ContentPage, HomePage
from industries.models import IndustryIndexPage, IndustryProfilePage
from initiatives.models import InitiativeIndexPage, InitiativePage
from reports.models import ReportIndexPage, ReportPage


def root_collection():
    return Collection.get_first_root_node()


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(root_collection)
    title = factory.Sequence(lambda n: f"Image {n}")
    description = factory.LazyAttribute(lambda o: f"Alt text for {o.title}")


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(root_collection)
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="report.pdf", data=b"%PDF-1.4\n%%EOF\n")


class SnippetFactory(DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)


class OrganisationFactory(SnippetFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.PARTNER

    class Meta:
        model = Organisation


class PersonFactory(SnippetFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Vice President"

    class Meta:
        model = Person


class ThemeFactory(SnippetFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")

    class Meta:
        model = Theme


class BasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    listing_summary = "A short summary for cards."


class HomePageFactory(BasePageFactory):
    title = "Home"
    hero_heading = "Elevating the Hartford region"
    hero_intro = "Where people and businesses thrive."
    mission_statement = "<p>The Alliance's mission.</p>"

    class Meta:
        model = HomePage


class ContentPageFactory(BasePageFactory):
    intro = "An introduction."

    class Meta:
        model = ContentPage


class InitiativeIndexPageFactory(BasePageFactory):
    title = "Initiatives"

    class Meta:
        model = InitiativeIndexPage


class InitiativePageFactory(BasePageFactory):
    goal = "Attract greater foreign direct investment and drive employment growth"
    summary = "What the initiative does."

    class Meta:
        model = InitiativePage


class ReportIndexPageFactory(BasePageFactory):
    title = "Brochures and reports"

    class Meta:
        model = ReportIndexPage


class ReportPageFactory(BasePageFactory):
    report_type = ReportPage.ReportType.PROGRESS_POINTS
    edition = "Third edition"
    publication_date = datetime.date(2016, 6, 1)
    summary = "A periodic check-up of the Greater Hartford region."

    class Meta:
        model = ReportPage


class IndustryIndexPageFactory(BasePageFactory):
    title = "Key industries"

    class Meta:
        model = IndustryIndexPage


class IndustryProfilePageFactory(BasePageFactory):
    sector_summary = "The region's strengths in this sector."

    class Meta:
        model = IndustryProfilePage


# Indicators -------------------------------------------------------------------------------


class GeographyFactory(SnippetFactory):
    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = "county"

    class Meta:
        model = "indicators.Geography"


class IndicatorFactory(SnippetFactory):
    name = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    definition = "What is measured, exactly."
    unit = "percent"
    source_name = "U.S. Census Bureau"
    source_url = "https://www.census.gov/"

    class Meta:
        model = "indicators.Indicator"


class ObservationFactory(DjangoModelFactory):
    period = "2020"
    value = 1.0

    class Meta:
        model = "indicators.Observation"
