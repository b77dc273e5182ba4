"""Only the buyer's procurement settings are in Django admin.

Bids, answers, prices, attachments and scores are deliberately not registered: admin
would show sealed bid content to staff before the bids are opened.
"""

from django.contrib import admin

from procurement.models import BuyerProcurementSettings


@admin.register(BuyerProcurementSettings)
class BuyerProcurementSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "standstill_working_days"]
