"""Past learning: the index follows its sources, ranks by meaning, stays within what the
viewer may read, and can be pinned to a commission."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from contracts.models import LearningEntry
from learning import services, vectors
from learning.demo import LESSONS
from learning.models import LessonText, PinnedLesson
from learning.search import Filters, search
from tests.commissioning.factories import SpecificationSectionFactory
from tests.contracts.factories import CheckInFactory, ContractFactory, ContributionFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_vector_cache() -> None:
    # Each test's rows live in a rolled-back transaction; the process cache must not
    # remember another test's.
    vectors.forget_cache()


def _entry(organisation: Any, title: str, body: str, **fields: Any) -> LearningEntry:
    entry = LearningEntry.objects.create(
        organisation=organisation, title=title, body=body, **fields
    )
    services.lesson_index_refresh(prefix="learning", ids=[entry.pk])
    return entry


def _embed() -> None:
    services.lessons_embed_pending()


def test_a_saved_learning_entry_is_indexed_after_commit_and_embedded_on_the_worker(
    council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = LearningEntry.objects.create(
            organisation=council, title="Lunch club lost its minibus", body="Attendance halved."
        )
    lesson = LessonText.objects.get(source_key=f"learning:{entry.pk}")
    assert lesson.embedding is None
    assert services.lessons_embed_pending() == 1
    lesson.refresh_from_db()
    assert len(bytes(lesson.embedding)) == 256 * 4

    # A change of text clears the embedding so it is computed again; no change keeps it.
    services.lesson_index_refresh(prefix="learning", ids=[entry.pk])
    assert LessonText.objects.get(pk=lesson.pk).embedding is not None
    entry.body = "Attendance halved in a month."
    entry.save()
    services.lesson_index_refresh(prefix="learning", ids=[entry.pk])
    assert LessonText.objects.get(pk=lesson.pk).embedding is None

    entry_pk = entry.pk
    entry.delete()
    services.lesson_index_refresh(prefix="learning", ids=[entry_pk])
    assert not LessonText.objects.filter(pk=lesson.pk).exists()


def test_meaning_finds_a_lesson_that_shares_no_words(council: Any) -> None:
    _entry(
        council,
        "Isolation of elderly residents on Saturdays and Sundays",
        "Day centres close on Saturdays and Sundays; many saw nobody from Friday to Monday.",
    )
    _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    query = "older people left alone at weekends"
    assert search(query, organisation_ids=[council.pk], mode="fulltext") == []
    _embed()
    hits = search(query, organisation_ids=[council.pk])
    assert hits[0].lesson.title == "Isolation of elderly residents on Saturdays and Sundays"
    assert hits[0].by_meaning


def test_full_text_answers_alone_before_anything_is_embedded(council: Any) -> None:
    _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    hits = search("bus fares", organisation_ids=[council.pk])
    assert [hit.lesson.title for hit in hits] == ["Bus fares stopped attendance"]
    assert hits[0].by_words and not hits[0].by_meaning


def test_nothing_from_another_council_unless_it_is_public(council: Any, other_council: Any) -> None:
    _entry(other_council, "Their private lesson about lunch clubs", "Lunch clubs closed.")
    _entry(
        other_council, "Their shared lesson about lunch clubs", "Lunch clubs moved.", is_public=True
    )
    _embed()
    for mode in ("hybrid", "semantic", "fulltext"):
        titles = [
            h.lesson.title for h in search("lunch clubs", organisation_ids=[council.pk], mode=mode)
        ]
        assert "Their private lesson about lunch clubs" not in titles
        assert "Their shared lesson about lunch clubs" in titles


def test_a_lesson_made_private_disappears_even_from_a_warm_vector_cache(
    council: Any, other_council: Any
) -> None:
    entry = _entry(other_council, "Shared then withdrawn", "Lunch clubs closed.", is_public=True)
    _embed()
    assert search("lunch clubs", organisation_ids=[council.pk], mode="semantic")
    entry.is_public = False
    entry.save()
    services.lesson_index_refresh(prefix="learning", ids=[entry.pk])
    assert search("lunch clubs", organisation_ids=[council.pk], mode="semantic") == []


def test_filters_narrow_the_ranking(council: Any) -> None:
    _entry(council, "Lunch club worked", "Lunch clubs on Fridays were full.")
    _entry(council, "Lunch club failed", "Lunch clubs on Mondays were empty.", did_not_work=True)
    _embed()
    hits = search("lunch clubs", organisation_ids=[council.pk], filters=Filters(did_not_work=True))
    assert [hit.lesson.title for hit in hits] == ["Lunch club failed"]


def test_only_shared_checkins_are_indexed_and_what_was_hard_did_not_work(council: Any) -> None:
    contract = ContractFactory(organisation=council)
    draft = CheckInFactory(contract=contract)
    contribution = ContributionFactory(checkin=draft, story="Going well.", was_hard="Staff left.")
    services.lesson_index_refresh(prefix="checkin", ids=[contribution.pk])
    assert not LessonText.objects.exists()
    draft.status = "published"
    draft.save()
    services.lesson_index_refresh(prefix="checkin", ids=[contribution.pk])
    kinds = dict(LessonText.objects.values_list("kind", "did_not_work"))
    assert kinds == {"story": False, "was_hard": True}


def _spec_section(council: Any, body: str) -> Any:
    return SpecificationSectionFactory(specification__commission__organisation=council, body=body)


def test_the_specification_page_shows_the_panel_with_the_failure_story(
    client: Any, council: Any, commissioner: User
) -> None:
    title, body, *_ = LESSONS[0]
    _entry(council, title, body, did_not_work=True)
    _embed()
    text = "Tenants keep finding black spots on bedroom walls each winter"
    section = _spec_section(council, text)
    client.force_login(commissioner)
    commission_pk = section.specification.commission_id
    response = client.get(reverse("commissioning:specification_detail", args=[commission_pk]))
    # Each section's panel is filled in when it comes into view, following the text box.
    assertContains(response, "Learned before")
    assertContains(response, f'hx-include="#id_section-{section.pk}-body"')
    assertContains(response, 'hx-trigger="revealed, input changed')
    assertContains(response, "Find past learning")
    field = f"section-{section.pk}-body"
    panel = client.get(
        reverse("learning:learned_before", args=[commission_pk]),
        {"field": field, field: text},
        headers={"HX-Request": "true"},
    )
    assertContains(panel, title)
    assertContains(panel, "Did not work")
    # Without JavaScript, "Find past learning" opens the same answer as a page.
    page = client.get(reverse("learning:learned_before", args=[commission_pk]), {"q": text})
    assertContains(page, title)
    assertContains(page, "<html")


def test_the_panel_follows_the_typed_text_with_htmx(
    client: Any, council: Any, commissioner: User
) -> None:
    _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    _embed()
    section = _spec_section(council, "")
    client.force_login(commissioner)
    field = f"section-{section.pk}-body"
    response = client.get(
        reverse("learning:learned_before", args=[section.specification.commission_id]),
        {"field": field, field: "trainees could not pay for the journey to the course"},
        headers={"HX-Request": "true"},
    )
    assertContains(response, "Bus fares stopped attendance")
    assertNotContains(response, "<html")


def test_no_supplier_sees_the_panel_or_the_search_page(
    client: Any, council: Any, supplier_org: Any
) -> None:
    section = _spec_section(council, "Anything")
    supplier = UserFactory()
    MembershipFactory(user=supplier, organisation=supplier_org, role="supplier")
    client.force_login(supplier)
    assert client.get(reverse("learning:search")).status_code == 403
    assert (
        client.get(
            reverse("learning:learned_before", args=[section.specification.commission_id])
        ).status_code
        == 404
    )


def test_pinning_shows_the_lesson_on_the_commission_page(
    client: Any, council: Any, commissioner: User
) -> None:
    _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    lesson = LessonText.objects.get()
    section = _spec_section(council, "travel")
    commission = section.specification.commission
    client.force_login(commissioner)
    response = client.post(
        reverse("learning:pin", args=[commission.pk]), {"lesson": lesson.pk}, follow=True
    )
    assertContains(response, "is pinned to this commission")
    page = client.get(reverse("commissioning:commission_detail", args=[commission.pk]))
    assertContains(page, "What we considered from past learning")
    assertContains(page, "Bus fares stopped attendance")
    assertContains(page, "Cite it as")
    # Pinning twice keeps one pin.
    client.post(reverse("learning:pin", args=[commission.pk]), {"lesson": lesson.pk})
    assert PinnedLesson.objects.count() == 1
    pin = PinnedLesson.objects.get()
    client.post(reverse("learning:unpin", args=[pin.pk]))
    assert not PinnedLesson.objects.exists()


def test_another_councils_private_lesson_cannot_be_pinned(
    client: Any, council: Any, other_council: Any, commissioner: User
) -> None:
    _entry(other_council, "Their private lesson", "Lunch clubs closed.")
    lesson = LessonText.objects.get()
    commission = _spec_section(council, "x").specification.commission
    client.force_login(commissioner)
    response = client.post(reverse("learning:pin", args=[commission.pk]), {"lesson": lesson.pk})
    assert response.status_code == 404
    assert not PinnedLesson.objects.exists()


def test_search_page_ranks_and_filters(client: Any, council: Any, commissioner: User) -> None:
    _entry(council, "Lunch club worked", "Lunch clubs on Fridays were full.")
    _entry(council, "Lunch club failed", "Lunch clubs on Mondays were empty.", did_not_work=True)
    _embed()
    client.force_login(commissioner)
    response = client.get(reverse("learning:search"), {"q": "lunch clubs", "did_not_work": "on"})
    assertContains(response, "Lunch club failed")
    assertNotContains(response, "Lunch club worked")
    browse = client.get(reverse("learning:search"))
    assertContains(browse, "Lunch club worked")


@pytest.mark.parametrize("field", ["mission", "place"])
def test_an_id_past_any_record_is_an_error_not_a_crash(
    client: Any, council: Any, commissioner: User, field: str
) -> None:
    """Once a server error: the index keeps mission and place ids in integer columns."""
    _entry(council, "Lunch club worked", "Lunch clubs on Fridays were full.")
    client.force_login(commissioner)
    response = client.get(reverse("learning:search"), {field: str(10**30)})
    assertContains(response, "There is a problem")
    assertContains(response, "Lunch club worked")


@pytest.mark.parametrize("lessons", [3, 30])
def test_the_panel_runs_a_constant_number_of_queries(
    client: Any,
    council: Any,
    commissioner: User,
    lessons: int,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(lessons):
        _entry(council, f"Lesson {number} about lunch clubs", "Lunch clubs closed early.")
    _embed()
    commission = _spec_section(council, "x").specification.commission
    client.force_login(commissioner)
    url = reverse("learning:learned_before", args=[commission.pk])
    client.get(url, {"q": "warm-up"}, headers={"HX-Request": "true"})
    with django_assert_max_num_queries(10):
        response = client.get(url, {"q": "lunch clubs"}, headers={"HX-Request": "true"})
    assertContains(response, "about lunch clubs")


def test_the_specification_pdf_lists_what_was_pinned(council: Any, commissioner: User) -> None:
    from django.template.loader import render_to_string

    from commissioning.models import SpecificationVersion
    from reports.kinds import get_kind

    _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    section = _spec_section(council, "travel")
    commission = section.specification.commission
    services.lesson_pin(commission=commission, lesson=LessonText.objects.get(), by=commissioner)
    version = SpecificationVersion.objects.create(
        specification=section.specification, number=1, change_note="First", snapshot={}
    )
    kind = get_kind("specification")
    html = render_to_string(kind.template_name, kind.build_context(version))
    assert "What we considered from past learning" in html
    assert "Bus fares stopped attendance" in html
    assert "Unpin" not in html


def test_pinned_lessons_are_offered_as_citations_beside_the_change_note(
    client: Any, council: Any, commissioner: User
) -> None:
    _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    section = _spec_section(council, "travel")
    commission = section.specification.commission
    services.lesson_pin(commission=commission, lesson=LessonText.objects.get(), by=commissioner)
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:specification_detail", args=[commission.pk]))
    assertContains(response, "Cite what you considered from past learning (1)")
    assertContains(response, "Considered: Bus fares stopped attendance (Learning entry, ")


def test_the_vector_cache_follows_new_changed_and_removed_rows(council: Any) -> None:
    first = _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    _embed()
    assert [
        h.lesson.title for h in search("bus fares", organisation_ids=[council.pk], mode="semantic")
    ]
    _entry(council, "Lunch club lost its minibus", "Older residents stopped coming.")
    _embed()
    titles = [
        h.lesson.title
        for h in search("minibus lunch", organisation_ids=[council.pk], mode="semantic")
    ]
    assert titles[0] == "Lunch club lost its minibus"
    first_pk = first.pk
    first.delete()
    services.lesson_index_refresh(prefix="learning", ids=[first_pk])
    matrix = vectors._matrix()
    assert len(matrix.ids) == 1


@pytest.mark.parametrize(
    "url_name", ["commissioning:appraisal_option_create", "dialogue:engagement_create"]
)
def test_the_panel_is_beside_the_options_appraisal_and_the_market_engagement_brief(
    client: Any, council: Any, commissioner: User, url_name: str
) -> None:
    _entry(council, "Bus fares stopped attendance", "Free travel passes raised attendance.")
    commission = _spec_section(council, "x").specification.commission
    commission.title = "Travel to training for young people: bus fares"
    commission.save()
    client.force_login(commissioner)
    response = client.get(reverse(url_name, args=[commission.pk]))
    assertContains(response, '<h2 class="govuk-heading-s" id="learned-before-')
    assertContains(response, "Bus fares stopped attendance")
