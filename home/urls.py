from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    # Beside the mission pages, so the header shows it under Missions; home owns it because
    # it reads every app (home/missions.py).
    path("commissioning/missions/portfolio/", views.mission_portfolio, name="mission_portfolio"),
]
