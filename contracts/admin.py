from django.contrib import admin

from contracts.models import Action, CheckIn, CheckInContribution, Contract, Kpi, LearningEntry


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


@admin.register(CheckInContribution)
class CheckInContributionAdmin(admin.ModelAdmin):
    list_display = ["checkin", "side", "author", "submitted_at"]
    list_select_related = ["checkin", "author"]
    raw_id_fields = ["checkin", "author"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["description", "contract", "owner", "due_date", "done_at"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract", "raised_in", "created_by"]


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ["name", "contract", "target", "frequency"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract"]


@admin.register(LearningEntry)
class LearningEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "did_not_work", "is_public", "created_at"]
    list_filter = ["did_not_work", "is_public"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "contract", "checkin", "commission", "written_by"]
