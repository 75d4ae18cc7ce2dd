from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The MetroHartford Alliance demo site and ``manage.py load_demo_content``; no models."""

    name = "demo"
    verbose_name = "Demo content"
