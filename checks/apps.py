from django.apps import AppConfig


class ChecksConfig(AppConfig):
    """What is wrong with the content: checks run on publish and nightly, and their reports."""

    name = "checks"
    verbose_name = "Content checks"

    def ready(self) -> None:
        from . import links, listeners, rules  # noqa: F401  (links, rules: register the checks)

        listeners.connect()
