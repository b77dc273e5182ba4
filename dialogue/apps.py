from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = "Dialogue"

    def ready(self) -> None:
        from dialogue import signals  # noqa: F401  (connects the index refresh)
