from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        # Registers the PDF report kinds and the status tag colours.
        from contracts import report_kinds, status_tags  # noqa: F401
