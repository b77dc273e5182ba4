from django.contrib import admin

from social_value.models import Measure


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "theme", "unit", "is_active"]
    list_filter = ["theme", "is_active"]
    search_fields = ["name", "code"]
