from django.urls import URLPattern, URLResolver, include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import translation_moderation
from .models import Organisation, Person, SiteText, Theme


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "kind", "locale"]
    list_filter = ["kind", "locale"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "role", "group", "locale"]
    list_filter = ["group", "locale"]
    search_fields = ["name", "role"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    list_display = ["name", "locale"]
    list_filter = ["locale"]


class SiteTextViewSet(SnippetViewSet):
    model = SiteText
    icon = "doc-full"
    menu_label = "Site text"
    list_display = ["name", "newsletter_name", "locale"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (OrganisationViewSet, PersonViewSet, ThemeViewSet, SiteTextViewSet)


register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[URLPattern | URLResolver]:
    urls = [
        path("<int:page_id>/", translation_moderation.submit, name="submit"),
        path("<int:page_id>/review/", translation_moderation.review, name="review"),
    ]
    return [
        path(
            "submit-translation/",
            include((urls, "translation_moderation"), namespace="translation_moderation"),
        )
    ]
