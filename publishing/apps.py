from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing: webhooks and scheduling"

    def ready(self) -> None:
        from . import atomic, listeners

        atomic.install()
        listeners.connect()
