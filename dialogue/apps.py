from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Dialogue"

    def ready(self) -> None:
        # Connects the index refresh; registers the status tag colours.
        from dialogue import signals, status_tags  # noqa: F401
