from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: the abstract base page, StreamField blocks, snippets, settings."""

    name = "cms.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from cms import tasks
        from cms.core import changes, roles

        changes.connect()
        roles.connect()
        tasks.connect()
