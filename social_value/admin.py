from django.contrib import admin

from social_value.models import Commitment, DeliveryReturn, Measure


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "theme", "unit", "is_active"]
    list_filter = ["theme", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["measure", "contract", "quantity", "unit", "period"]
    list_select_related = ["measure", "contract"]
    raw_id_fields = ["contract"]


@admin.register(DeliveryReturn)
class DeliveryReturnAdmin(admin.ModelAdmin):
    list_display = ["commitment", "period", "due_date", "status", "quantity_delivered"]
    list_filter = ["status"]
    list_select_related = ["commitment__measure"]
    raw_id_fields = ["commitment", "submitted_by", "reviewed_by"]
