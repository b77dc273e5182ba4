from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from reports import services
from reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_report(tender, supplier_user):
    report = services.report_request(kind="tender_pack", target=tender, requested_by=supplier_user)
    return services.report_render(report_id=report.pk)


@pytest.fixture
def queued_report(tender, commissioner):
    return services.report_request(kind="tender_pack", target=tender, requested_by=commissioner)


def test_requesting_a_pack_redirects_to_its_progress_page(client, tender, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("reports:request"), {"kind": "tender_pack", "object_id": tender.pk}
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert report.requested_by == commissioner


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "tender_pack", "object_id": "999999"},
        {"kind": "tender_pack", "object_id": "not-a-number"},
        {"kind": "no_such_kind", "object_id": "1"},
        {},
    ],
)
def test_requesting_something_that_does_not_exist_is_not_found(client, commissioner, data):
    client.force_login(commissioner)
    assert client.post(reverse("reports:request"), data).status_code == 404


def test_requesting_another_councils_draft_is_not_found(client, draft_tender, other_commissioner):
    client.force_login(other_commissioner)
    response = client.post(
        reverse("reports:request"), {"kind": "tender_pack", "object_id": draft_tender.pk}
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_requesting_needs_a_post(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("reports:request")).status_code == 405


def test_signed_out_people_are_sent_to_sign_in(client, ready_report):
    for name in ("reports:detail", "reports:download"):
        response = client.get(reverse(name, args=[ready_report.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_progress_page_polls_while_the_report_is_being_made(client, queued_report, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("reports:detail", args=[queued_report.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in html
    assert "Check again" in html
    assertNotContains(response, "Download PDF")
    assert "<html" in html


def test_htmx_poll_gets_only_the_status_partial(client, queued_report, commissioner):
    client.force_login(commissioner)
    response = client.get(
        reverse("reports:detail", args=[queued_report.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.strip().startswith('<div id="report-status"')
    assertNotContains(response, "<html")
    assert "HX-Request" in response["Vary"]


def test_a_poll_with_no_change_swaps_nothing(client, queued_report, commissioner):
    client.force_login(commissioner)
    url = reverse("reports:detail", args=[queued_report.pk])
    unchanged = client.get(url, {"shown": "queued"}, headers={"HX-Request": "true"})
    changed = client.get(url, {"shown": "rendering"}, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204
    assert changed.status_code == 200
    assert "Queued" in changed.content.decode()


def test_polling_stops_once_the_report_is_ready(client, ready_report, supplier_user):
    client.force_login(supplier_user)
    response = client.get(
        reverse("reports:detail", args=[ready_report.pk]), headers={"HX-Request": "true"}
    )
    assertNotContains(response, "hx-trigger")
    html = response.content.decode()
    assert "Download PDF" in html
    assert reverse("reports:download", args=[ready_report.pk]) in html


def test_failed_report_explains_what_went_wrong_and_offers_a_retry(
    client, queued_report, commissioner
):
    services.report_fail(report_id=queued_report.pk, error="It took too long to make this PDF.")
    client.force_login(commissioner)
    response = client.get(reverse("reports:detail", args=[queued_report.pk]))
    assertContains(response, "We could not make this PDF.")
    assertContains(response, "It took too long to make this PDF.")
    assertContains(response, "Try again")
    assertNotContains(response, "hx-trigger")


def test_requester_downloads_the_pdf(client, ready_report, supplier_user):
    client.force_login(supplier_user)
    response = client.get(reverse("reports:download", args=[ready_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_buyer_staff_may_download_a_pack_a_supplier_asked_for(client, ready_report, evaluator):
    client.force_login(evaluator)
    assert client.get(reverse("reports:download", args=[ready_report.pk])).status_code == 200


@pytest.mark.parametrize("who", ["other_supplier_user", "other_commissioner"])
def test_others_cannot_see_or_download_someone_elses_report(client, ready_report, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reports:detail", args=[ready_report.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[ready_report.pk])).status_code == 404


def test_requester_loses_access_when_the_record_is_no_longer_visible(
    client, ready_report, supplier_user, tender
):
    type(tender).objects.filter(pk=tender.pk).update(status="draft")
    client.force_login(supplier_user)
    assert client.get(reverse("reports:download", args=[ready_report.pk])).status_code == 404


def test_a_report_that_is_not_ready_cannot_be_downloaded(client, queued_report, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("reports:download", args=[queued_report.pk])).status_code == 404


def test_progress_page_takes_a_fixed_number_of_queries(
    client, queued_report, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:detail", args=[queued_report.pk]))
    assert response.status_code == 200
    assert queued_report.status == ReportStatus.QUEUED


def test_request_button_posts_the_kind_and_record(rf: RequestFactory, tender):
    request = rf.get("/")
    html = render_to_string(
        "reports/includes/_request_button.html",
        {"kind": "tender_pack", "object_id": tender.pk, "label": "Download tender pack (PDF)"},
        request=request,
    )
    assert f'action="{reverse("reports:request")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="object_id" value="{tender.pk}"' in html
    assert "govuk-button--secondary" in html
    assert "Download tender pack (PDF)" in html
