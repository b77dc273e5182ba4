from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        # Registers the PDF report kinds and the status tag colours, and follows the
        # changes that give the contract page's kept sections a new version and that mark
        # the register's kept filter choices changed.
        from contracts import page_cache, register_choices, report_kinds, status_tags  # noqa: F401
