from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from config import health

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("commissioning/", include("commissioning.urls")),
    path("tenders/", include("procurement.urls")),
    path("opportunities/", include("dialogue.urls")),
    path("contracts/", include("contracts.urls")),
    path("social-value/", include("social_value.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
