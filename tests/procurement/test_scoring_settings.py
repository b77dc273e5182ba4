"""A draft tender's score scale, its descriptors and the price formula."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from core.errors import DomainError
from procurement import services, tender_settings
from procurement.models import DEFAULT_SCORE_DESCRIPTORS, PriceFormula, TenderStatus
from procurement.results import price_score

pytestmark = pytest.mark.django_db

SIX = [f"Meaning of score {n}" for n in range(7)]


def _form_data(max_score: int, descriptors: list[str], formula: str = "lowest_ratio") -> dict:
    data = {"max_score": str(max_score), "price_formula": formula}
    data.update({f"descriptor_{n}": text for n, text in enumerate(descriptors)})
    return data


# --- Service ---------------------------------------------------------------------------------
def test_a_new_tender_uses_the_default_descriptors_for_0_to_5(draft_tender):
    assert tender_settings.descriptors_for(draft_tender) == DEFAULT_SCORE_DESCRIPTORS
    assert tender_settings.scoring_problems(draft_tender) == []


def test_scoring_update_saves_scale_descriptors_and_formula_with_an_audit_event(
    draft_tender, commissioner
):
    tender = tender_settings.tender_scoring_update(
        tender=draft_tender,
        max_score=6,
        descriptors=[f"  {text} " for text in SIX],
        price_formula=PriceFormula.LINEAR,
        by=commissioner,
    )
    tender.refresh_from_db()
    assert tender.max_score == 6
    assert tender.score_descriptors == SIX
    assert tender.price_formula == "linear"
    assert tender_settings.descriptors_for(tender) == SIX
    event = AuditEvent.objects.get(verb="scoring changed", target_id=str(tender.pk))
    assert event.changes["max_score"] == [5, 6]


def test_scoring_update_ignores_descriptors_above_the_maximum(draft_tender, commissioner):
    tender = tender_settings.tender_scoring_update(
        tender=draft_tender,
        max_score=3,
        descriptors=SIX,
        price_formula="lowest_ratio",
        by=commissioner,
    )
    assert tender.score_descriptors == SIX[:4]


@pytest.mark.parametrize("max_score", [2, 11, 0])
def test_scoring_update_refuses_a_scale_outside_3_to_10(draft_tender, commissioner, max_score):
    with pytest.raises(DomainError, match="between 3 and 10"):
        tender_settings.tender_scoring_update(
            tender=draft_tender,
            max_score=max_score,
            descriptors=["x"] * 12,
            price_formula="lowest_ratio",
            by=commissioner,
        )


def test_scoring_update_refuses_a_blank_descriptor_and_names_the_score(draft_tender, commissioner):
    descriptors = list(SIX)
    descriptors[4] = "   "
    with pytest.raises(DomainError, match="score 4"):
        tender_settings.tender_scoring_update(
            tender=draft_tender,
            max_score=6,
            descriptors=descriptors,
            price_formula="lowest_ratio",
            by=commissioner,
        )


def test_scoring_update_refuses_too_few_descriptors(draft_tender, commissioner):
    with pytest.raises(DomainError, match="score 5, 6"):
        tender_settings.tender_scoring_update(
            tender=draft_tender,
            max_score=6,
            descriptors=SIX[:5],
            price_formula="lowest_ratio",
            by=commissioner,
        )


def test_scoring_update_refuses_an_unknown_price_formula(draft_tender, commissioner):
    with pytest.raises(DomainError, match="how price is scored"):
        tender_settings.tender_scoring_update(
            tender=draft_tender,
            max_score=5,
            descriptors=DEFAULT_SCORE_DESCRIPTORS,
            price_formula="cheapest_wins",
            by=commissioner,
        )


def test_scoring_cannot_change_once_published(open_tender, commissioner):
    with pytest.raises(DomainError, match="before the tender is published"):
        tender_settings.tender_scoring_update(
            tender=open_tender,
            max_score=5,
            descriptors=DEFAULT_SCORE_DESCRIPTORS,
            price_formula="linear",
            by=commissioner,
        )


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_the_buyers_commissioners_and_admins_change_scoring(draft_tender, request, person):
    with pytest.raises(PermissionDenied):
        tender_settings.tender_scoring_update(
            tender=draft_tender,
            max_score=5,
            descriptors=DEFAULT_SCORE_DESCRIPTORS,
            price_formula="linear",
            by=request.getfixturevalue(person),
        )


def test_publish_is_refused_when_a_score_has_no_descriptor(draft_tender, commissioner):
    draft_tender.max_score = 7
    draft_tender.score_descriptors = SIX
    draft_tender.save()
    with pytest.raises(DomainError, match="score 7"):
        services.tender_publish(tender=draft_tender, by=commissioner)
    draft_tender.refresh_from_db()
    assert draft_tender.status == TenderStatus.DRAFT


def test_both_price_formulas_give_the_lowest_price_the_full_weight_and_differ_above_it():
    from decimal import Decimal

    weight, lowest = Decimal(20), Decimal(100)
    for formula in PriceFormula.values:
        assert price_score(lowest, lowest, weight, formula) == weight
    assert price_score(Decimal(200), lowest, weight, "lowest_ratio") == Decimal(10)
    assert price_score(Decimal(125), lowest, weight, "linear") == Decimal(15)
    assert price_score(Decimal(200), lowest, weight, "linear") == Decimal(0)


# --- Views -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("commissioner", 200),
        ("council_admin", 200),
        ("evaluator", 404),
        ("viewer", 404),
        ("other_commissioner", 404),
        ("supplier_user", 404),
    ],
)
def test_scoring_page_is_for_the_buyers_commissioners_and_admins(
    client, draft_tender, request, person, status
):
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("procurement:tender_scoring", args=[draft_tender.pk]))
    assert response.status_code == status


def test_scoring_page_sends_anonymous_people_to_sign_in(client, draft_tender):
    response = client.get(reverse("procurement:tender_scoring", args=[draft_tender.pk]))
    assert response.status_code == 302


def test_criteria_page_links_to_the_scoring_page_on_a_draft(client, draft_tender, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_criteria", args=[draft_tender.pk]))
    assertContains(response, reverse("procurement:tender_scoring", args=[draft_tender.pk]))
    assertNotContains(response, "Lowest price divided by bid price")  # explained, not labelled
    assertContains(response, "twice the lowest price scores 10%")


def test_posting_the_scoring_form_saves_and_returns_to_criteria(client, draft_tender, commissioner):
    client.force_login(commissioner)
    url = reverse("procurement:tender_scoring", args=[draft_tender.pk])
    response = client.post(url, _form_data(6, SIX, "linear"))
    assert response.status_code == 302
    assert response.url == reverse("procurement:tender_criteria", args=[draft_tender.pk])
    draft_tender.refresh_from_db()
    assert (draft_tender.max_score, draft_tender.price_formula) == (6, "linear")


def test_a_blank_descriptor_is_shown_as_an_error_on_its_field(client, draft_tender, commissioner):
    client.force_login(commissioner)
    descriptors = list(DEFAULT_SCORE_DESCRIPTORS)
    descriptors[2] = ""
    response = client.post(
        reverse("procurement:tender_scoring", args=[draft_tender.pk]), _form_data(5, descriptors)
    )
    assert response.status_code == 200
    assert "Enter what a score of 2 means" in response.text
    assert 'href="#id_descriptor_2"' in response.text
    draft_tender.refresh_from_db()
    assert draft_tender.score_descriptors == []


def test_a_published_tender_shows_scoring_read_only_and_refuses_changes(
    client, open_tender, commissioner
):
    client.force_login(commissioner)
    url = reverse("procurement:tender_scoring", args=[open_tender.pk])
    response = client.get(url)
    assertContains(response, "can no longer change")
    assert "<form" not in response.text.split("govuk-heading-l")[1].split("</main>")[0]
    client.post(url, _form_data(6, SIX, "linear"))
    open_tender.refresh_from_db()
    assert open_tender.max_score == 5


def test_bidders_see_the_descriptors_and_price_formula_on_the_tender_page(
    client, open_tender, supplier_user, commissioner
):
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:tender_detail", args=[open_tender.pk]))
    assert "How answers and prices are scored" in response.text
    assert DEFAULT_SCORE_DESCRIPTORS[5] in response.text
    assert "twice the lowest price scores 10%" in response.text


def test_evaluators_see_the_descriptor_beside_each_score(draft_tender, commissioner):
    from procurement.forms import ScoreForm

    tender = tender_settings.tender_scoring_update(
        tender=draft_tender,
        max_score=6,
        descriptors=SIX,
        price_formula="lowest_ratio",
        by=commissioner,
    )
    form = ScoreForm(
        questions=list(tender.questions.all()),
        max_score=tender.max_score,
        descriptors=tender_settings.descriptors_for(tender),
    )
    choices = next(iter(form.fields.values())).choices
    assert choices[6] == ("6", "6: Meaning of score 6")


def test_the_feedback_letter_explains_each_score_and_the_price_formula(submitted_bid):
    from django.template.loader import render_to_string

    from procurement.report_kinds import _feedback_letter_context

    letter = render_to_string(
        "reports/pdf/feedback_letter.html", _feedback_letter_context(submitted_bid)
    )
    assert "What each score means" in letter
    assert DEFAULT_SCORE_DESCRIPTORS[3] in letter
    assert "twice the lowest price scores 10%" in letter
