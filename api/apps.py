from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read API at /api/v1/: public records for anyone, an organisation's own records
    for its people, under the same permission rules as the pages."""

    name = "api"
    verbose_name = "Read API"

    def ready(self) -> None:
        # The status tag colours, and the token's description in the OpenAPI schema.
        from api import schema, status_tags  # noqa: F401
