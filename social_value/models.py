"""Kindred's own open set of social value measures."""

from __future__ import annotations

from django.db import models


class Theme(models.TextChoices):
    # The themes of the UK Social Value Model (published by the Cabinet Office).
    COVID_RECOVERY = "recovery", "Helping local communities to manage and recover"
    ECONOMIC_INEQUALITY = "economic_inequality", "Tackling economic inequality"
    CLIMATE = "climate", "Fighting climate change"
    EQUAL_OPPORTUNITY = "equal_opportunity", "Equal opportunity"
    WELLBEING = "wellbeing", "Wellbeing"


class Measure(models.Model):
    """A measurable kind of social value, such as 'local people employed'."""

    theme = models.CharField(max_length=30, choices=Theme.choices)
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["theme", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"
