from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """Progress Points' measured series: indicators, geographies and observations."""

    name = "indicators"
    verbose_name = "Indicators"
