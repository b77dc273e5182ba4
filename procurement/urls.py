from django.urls import path

from procurement import (
    award_notice_views,
    bidder_feedback_views,
    change_views,
    conditions_views,
    direct_award_views,
    evaluation_views,
    exclusion_views,
    lived_experience_views,
    settings_views,
    views,
)

app_name = "procurement"

urlpatterns = [
    path("", views.tender_list, name="tender_list"),
    path("settings/", settings_views.buyer_settings, name="buyer_settings"),
    path(
        "transparency-notices/",
        direct_award_views.transparency_notice_list,
        name="transparency_notice_list",
    ),
    path("award-notices/", award_notice_views.award_notice_list, name="award_notice_list"),
    path(
        "award-notices/<int:notice_pk>/",
        award_notice_views.award_notice,
        name="award_notice",
    ),
    path(
        "exclusion-declaration/",
        exclusion_views.exclusion_declaration,
        name="exclusion_declaration",
    ),
    path("<int:pk>/bidders/", exclusion_views.tender_bidders, name="tender_bidders"),
    path(
        "<int:pk>/bidders/<int:participant_pk>/exclude/",
        exclusion_views.participant_exclude,
        name="participant_exclude",
    ),
    path(
        "<int:pk>/bidders/<int:participant_pk>/not-taken-forward/",
        exclusion_views.participant_not_taken_forward,
        name="participant_not_taken_forward",
    ),
    path(
        "<int:pk>/bidders/<int:participant_pk>/conditions/",
        conditions_views.participant_conditions_assess,
        name="participant_conditions_assess",
    ),
    path("<int:pk>/conditions/", conditions_views.tender_conditions, name="tender_conditions"),
    path(
        "<int:pk>/conditions/<int:condition_pk>/remove/",
        conditions_views.condition_remove,
        name="condition_remove",
    ),
    path(
        "<int:pk>/conditions/answers/",
        conditions_views.conditions_answer,
        name="conditions_answer",
    ),
    path("new/commission/<int:commission_pk>/", views.tender_create, name="tender_create"),
    path("<int:pk>/", views.tender_detail, name="tender_detail"),
    path("<int:pk>/questions/", views.tender_question_add, name="tender_question_add"),
    path("<int:pk>/lots/", views.lot_add, name="lot_add"),
    path("<int:pk>/criteria/", evaluation_views.tender_criteria, name="tender_criteria"),
    path("<int:pk>/scoring/", settings_views.tender_scoring, name="tender_scoring"),
    path(
        "<int:pk>/justification/",
        settings_views.tender_justification,
        name="tender_justification",
    ),
    path("<int:pk>/direct-award/", direct_award_views.direct_award_manage, name="direct_award"),
    path(
        "<int:pk>/direct-award/checks/",
        direct_award_views.direct_award_checks,
        name="direct_award_checks",
    ),
    path(
        "<int:pk>/direct-award/contract/",
        direct_award_views.direct_award_contract,
        name="direct_award_contract",
    ),
    path(
        "<int:pk>/transparency-notice/",
        direct_award_views.transparency_notice,
        name="transparency_notice",
    ),
    path("<int:pk>/publish/", views.tender_publish, name="tender_publish"),
    path("<int:pk>/change/", change_views.tender_change, name="tender_change"),
    path("<int:pk>/close/", views.tender_close, name="tender_close"),
    path("<int:pk>/open-bids/", views.bids_open, name="bids_open"),
    path("<int:pk>/cancel/", views.tender_cancel, name="tender_cancel"),
    path("<int:pk>/bid/", views.bid_edit, name="bid_edit"),
    path("<int:pk>/evaluation/", evaluation_views.evaluation_overview, name="evaluation"),
    path("<int:pk>/evaluation/panel/", evaluation_views.panel_member_add, name="panel_add"),
    path(
        "<int:pk>/evaluation/declaration/",
        evaluation_views.conflict_declaration,
        name="declaration",
    ),
    # Lived-experience panel members: added by the commissioner, who checks their
    # declarations; their own pages show bids by letter, never by name.
    path(
        "<int:pk>/evaluation/lived-experience/",
        lived_experience_views.lived_experience_add,
        name="lived_experience_add",
    ),
    path(
        "<int:pk>/evaluation/lived-experience/<int:seat_pk>/check/",
        lived_experience_views.lived_experience_check,
        name="lived_experience_check",
    ),
    path(
        "<int:pk>/evaluation/lived-experience/<int:seat_pk>/new-link/",
        lived_experience_views.lived_experience_invitation_renew,
        name="lived_experience_invitation_renew",
    ),
    path(
        "panel-invitations/<str:token>/",
        lived_experience_views.lived_experience_join,
        name="lived_experience_join",
    ),
    path(
        "<int:pk>/your-panel/",
        lived_experience_views.lived_experience_panel_page,
        name="lived_experience_panel",
    ),
    path(
        "<int:pk>/your-panel/declaration/",
        lived_experience_views.lived_experience_declaration,
        name="lived_experience_declaration",
    ),
    path(
        "<int:pk>/your-panel/bids/<str:letter>/",
        lived_experience_views.lived_experience_score,
        name="lived_experience_score",
    ),
    path(
        "<int:pk>/your-panel/submit/",
        lived_experience_views.lived_experience_submit,
        name="lived_experience_submit",
    ),
    path("<int:pk>/evaluation/start/", evaluation_views.evaluation_start, name="evaluation_start"),
    path("<int:pk>/evaluation/submit/", evaluation_views.scores_submit, name="scores_submit"),
    path(
        "<int:pk>/evaluation/questions/<int:question_pk>/",
        evaluation_views.moderation,
        name="moderation",
    ),
    path("<int:pk>/award/decision/", evaluation_views.award_decision, name="award_decision"),
    path(
        "<int:pk>/award/notice/",
        award_notice_views.award_notice_publish,
        name="award_notice_publish",
    ),
    path("<int:pk>/award/", evaluation_views.tender_award, name="tender_award"),
    path("<int:pk>/lots/limits/", views.lot_limits, name="lot_limits"),
    path(
        "<int:pk>/lots/<int:lot_pk>/criteria/",
        evaluation_views.lot_criteria,
        name="lot_criteria",
    ),
    path(
        "<int:pk>/lots/<int:lot_pk>/evaluation/",
        evaluation_views.lot_evaluation,
        name="lot_evaluation",
    ),
    path(
        "<int:pk>/lots/<int:lot_pk>/award/decision/",
        evaluation_views.lot_award_decision,
        name="lot_award_decision",
    ),
    path(
        "<int:pk>/lots/<int:lot_pk>/award/notice/",
        award_notice_views.lot_award_notice_publish,
        name="lot_award_notice_publish",
    ),
    path("<int:pk>/lots/<int:lot_pk>/award/", evaluation_views.lot_award, name="lot_award"),
    path("bids/", views.my_bids, name="my_bids"),
    path("bids/<int:pk>/", views.bid_detail, name="bid_detail"),
    path("bids/<int:pk>/withdraw/", views.bid_withdraw, name="bid_withdraw"),
    path("bids/<int:pk>/<str:part>/add/", views.bid_part_add, name="bid_part_add"),
    path(
        "bids/<int:pk>/<str:part>/<int:part_pk>/remove/",
        views.bid_part_remove,
        name="bid_part_remove",
    ),
    path(
        "bids/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("bids/<int:pk>/score/", evaluation_views.bid_score, name="bid_score"),
    path("bids/<int:pk>/concerns/", evaluation_views.concern_raise, name="concern_raise"),
    path("bids/<int:pk>/feedback/", evaluation_views.feedback_letter, name="feedback_letter"),
    # After the award: how the process was for bidders (anonymous), and what they said.
    path(
        "<int:pk>/how-was-bidding/",
        bidder_feedback_views.bidder_feedback_give,
        name="bidder_feedback_give",
    ),
    path(
        "<int:pk>/bidder-feedback/",
        bidder_feedback_views.bidder_feedback_results,
        name="bidder_feedback_results",
    ),
]
