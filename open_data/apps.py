from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """What Kindred publishes for anyone to reuse: OCDS releases and records, Procurement
    Act notices and CSV downloads, built from the records the other apps keep."""

    name = "open_data"
    verbose_name = "Open data"
