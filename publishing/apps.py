from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing: webhooks, CDN purges and scheduling"

    def ready(self) -> None:
        from . import atomic, listeners, purges

        atomic.install()
        listeners.connect()
        purges.connect()
