from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The typed content API: its response cache follows every content change."""

    name = "cms.api"
    label = "cms_api"
    verbose_name = "Content API"

    def ready(self):
        from . import listeners, pages, renditions

        listeners.connect()
        renditions.connect()
        pages.load_page_types()
