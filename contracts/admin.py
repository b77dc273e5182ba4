from django.contrib import admin

from contracts.models import CheckIn, Contract


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "provider_display", "status", "end_date"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "provider_name", "provider__name"]
    list_select_related = ["organisation", "provider"]
    raw_id_fields = ["organisation", "provider", "commission", "tender", "contract_manager"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["contract", "held_on", "status"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract"]
