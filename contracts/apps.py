from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        from contracts import report_kinds  # noqa: F401  (registers the PDF report kinds)
