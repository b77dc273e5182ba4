from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        from commissioning.specifications import report_kinds  # noqa: F401
