from django.urls import path
from django.views.decorators.http import require_GET

from home import feeds, public_views, views

app_name = "home"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    # Beside the mission pages, so the header shows it under Missions; home owns it because
    # it reads every app (home/missions.py).
    path("commissioning/missions/portfolio/", views.mission_portfolio, name="mission_portfolio"),
]

# Public pages: what councils bought and what it achieved, for anyone, without signing in.
urlpatterns += [
    path("public/", public_views.public_index, name="public_index"),
    path("public/what-we-buy/", public_views.public_what_we_buy, name="public_what_we_buy"),
    path("public/have-your-say/", public_views.public_have_your_say, name="public_have_your_say"),
    path("public/councils/<slug:slug>/", public_views.public_council, name="public_council"),
    path("public/missions/<int:pk>/", public_views.public_mission, name="public_mission"),
    path("public/contracts/<int:pk>/", public_views.public_contract, name="public_contract"),
    path("public/commissions/<int:pk>/", public_views.public_commission, name="public_commission"),
    path(
        "public/commissions/<int:pk>/comments.atom",
        require_GET(feeds.CommissionCommentsFeed()),
        name="public_commission_feed",
    ),
    path(
        "public/comments/confirm/<str:token>/",
        public_views.public_comment_confirm,
        name="public_comment_confirm",
    ),
    path(
        "public/comments/withdraw/<str:token>/",
        public_views.public_comment_withdraw,
        name="public_comment_withdraw",
    ),
]
