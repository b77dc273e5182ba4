from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "Procurement"

    def ready(self) -> None:
        from procurement import report_kinds  # noqa: F401  (registers the PDF kinds)
