"""Only the buyer's procurement settings are in Django admin.

Bids, answers, prices, attachments and scores are deliberately not registered: admin
would show sealed bid content to staff before the bids are opened.
"""

from django.contrib import admin
from django.http import HttpRequest

from procurement.models import BuyerProcurementSettings, Debarment


@admin.register(BuyerProcurementSettings)
class BuyerProcurementSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "standstill_working_days"]


@admin.register(Debarment)
class DebarmentAdmin(admin.ModelAdmin):
    """Read-only: the list is kept with `manage.py debarment`, which records every change."""

    list_display = ["name", "company_number", "charity_number", "ends_on", "removed_at"]
    search_fields = ["name", "company_number", "charity_number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
