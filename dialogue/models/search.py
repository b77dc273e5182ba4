"""Search: a flattened index of public opportunities, and saved searches with alerts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from accounts.models import Organisation
from procurement.models import Procedure, Tender, TenderStatus


class ValueBand(models.TextChoices):
    UNDER_25K = "under_25k", "Under £25,000"
    UP_TO_100K = "25k_100k", "£25,000 to £100,000"
    UP_TO_500K = "100k_500k", "£100,000 to £500,000"
    UP_TO_2M = "500k_2m", "£500,000 to £2 million"
    OVER_2M = "over_2m", "Over £2 million"
    NOT_GIVEN = "not_given", "Value not given"


class OpportunityIndex(models.Model):
    """One public tender, flattened so that search and every filter read a single table.

    Kept outside procurement so the tender tables stay as they are; rebuilt from the tender
    by `dialogue.services.opportunity_index_refresh`.
    """

    tender = models.OneToOneField(
        Tender, on_delete=models.CASCADE, related_name="opportunity_index", primary_key=True
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    mission_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    # The commission's places and every place above them, so a filter on an area finds
    # tenders for its wards too.
    place_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    spend_category = models.CharField(max_length=120, blank=True)
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value_band = models.CharField(max_length=20, choices=ValueBand.choices)
    submission_deadline = models.DateTimeField()
    procedure = models.CharField(max_length=30, choices=Procedure.choices)
    status = models.CharField(max_length=30, choices=TenderStatus.choices)
    suitable_for_small = models.BooleanField(default=False)
    search_vector = SearchVectorField(null=True)
    # When the tender first appeared in search: saved-search alerts look only at newer rows.
    first_indexed_at = models.DateTimeField()
    indexed_at = models.DateTimeField()

    class Meta:
        indexes = [
            GinIndex(fields=["search_vector"], name="opportunity_search_gin"),
            GinIndex(fields=["mission_ids"], name="opportunity_missions_gin"),
            GinIndex(fields=["place_ids"], name="opportunity_places_gin"),
            # Lets the unfiltered list, soonest deadline first, read 25 rows and stop.
            models.Index(fields=["submission_deadline", "tender"], name="opportunity_deadline_idx"),
            models.Index(fields=["first_indexed_at"], name="opportunity_first_indexed_idx"),
            # The filter options read only open rows: buyers and categories straight from
            # these indexes, without visiting the wide rows.
            models.Index(fields=["status", "organisation"], name="opportunity_status_org_idx"),
            # The missions in use, unnested from the open rows: 100 ms visiting the wide
            # rows at 100k tenders, 24 ms from this index alone.
            models.Index(
                fields=["status"], include=["mission_ids"], name="opportunity_status_mission_idx"
            ),
            models.Index(fields=["status", "spend_category"], name="opportunity_status_cat_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SavedSearch(models.Model):
    """A supplier member's named search, checked daily for new matching opportunities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    # The query string of the search page (q plus filters), so a saved search opens as saved.
    query_string = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
