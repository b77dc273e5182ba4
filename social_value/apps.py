from django.apps import AppConfig


class SocialValueConfig(AppConfig):
    name = "social_value"
    verbose_name = "Social value"

    def ready(self) -> None:
        from social_value import status_tags  # noqa: F401  (registers the status tag colours)
