from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        from commissioning import status_tags  # noqa: F401  (registers the status tag colours)
        from commissioning.specifications import report_kinds  # noqa: F401
