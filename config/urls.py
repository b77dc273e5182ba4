from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import health
from home import views as home_views

# A database out of reach answers 503 "service unavailable"; any other error, 500.
handler500 = "config.error_pages.server_error"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("home.urls")),
    path("", include("accounts.urls")),
    path("commissioning/", include("commissioning.urls")),
    path("tenders/", include("procurement.urls")),
    path("opportunities/", include("dialogue.urls")),
    path("contracts/", include("contracts.urls")),
    path("social-value/", include("social_value.urls")),
    path("reports/", include("reports.urls")),
    path("learning/", include("learning.urls")),
    path("open-data/", include("open_data.urls")),
    path("api/", include("api.urls")),
    # An organisation's API tokens, beside its other settings pages.
    path("organisations/<slug:slug>/api-tokens/", include("api.token_urls")),
]

if settings.KINDRED_ADMIN_ENABLED:
    # The admin has no sign-in of its own: its login page sends people to allauth's, with
    # the same rate limits and security code step; staff also need a second factor in the
    # session (accounts.middleware.RequireStaffMFAMiddleware).
    admin.site.login = secure_admin_login(admin.site.login)
    urlpatterns.append(path("admin/", admin.site.urls))
