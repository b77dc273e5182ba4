from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        # Registers the PDF report kinds and the status tag colours, and follows the
        # changes that give the contract page's kept sections a new version and that mark
        # the register's kept filter choices and first page changed.
        from contracts import (  # noqa: F401
            page_cache,
            register_choices,
            register_table,
            report_kinds,
            status_tags,
        )
