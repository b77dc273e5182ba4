from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        # Connects the index refresh to its sources; registers the kind tag colours.
        from learning import signals, status_tags  # noqa: F401
