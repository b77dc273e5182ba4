from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "Procurement"

    def ready(self) -> None:
        # Registers the PDF kinds and the status tag colours.
        from procurement import report_kinds, status_tags  # noqa: F401
