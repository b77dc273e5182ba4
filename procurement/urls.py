from django.urls import path

from procurement import views

app_name = "procurement"

urlpatterns = [
    path("", views.tender_list, name="tender_list"),
    path("new/commission/<int:commission_pk>/", views.tender_create, name="tender_create"),
    path("<int:pk>/", views.tender_detail, name="tender_detail"),
    path("<int:pk>/questions/", views.tender_question_add, name="tender_question_add"),
    path("<int:pk>/publish/", views.tender_publish, name="tender_publish"),
    path("<int:pk>/close/", views.tender_close, name="tender_close"),
    path("<int:pk>/open-bids/", views.bids_open, name="bids_open"),
    path("<int:pk>/cancel/", views.tender_cancel, name="tender_cancel"),
    path("<int:pk>/bid/", views.bid_edit, name="bid_edit"),
    path("bids/", views.my_bids, name="my_bids"),
    path("bids/<int:pk>/", views.bid_detail, name="bid_detail"),
    path("bids/<int:pk>/withdraw/", views.bid_withdraw, name="bid_withdraw"),
]
