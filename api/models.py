from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation


class TokenState(models.TextChoices):
    LIVE = "live", "In use"
    REVOKED = "revoked", "Revoked"


class ApiToken(models.Model):
    """A key an organisation gives to its own systems to read its records through the API.

    The token itself is shown once, when it is made; only its SHA-256 digest is kept, so
    a copy of the database does not give anyone access. A token reads and never writes,
    and stops working the moment an administrator revokes it.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    # The first characters of the token, so people can tell their tokens apart.
    prefix = models.CharField(max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None

    @property
    def state(self) -> TokenState:
        return TokenState.LIVE if self.is_live else TokenState.REVOKED
