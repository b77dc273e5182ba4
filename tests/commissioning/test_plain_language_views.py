"""The plain-language endpoint and page, and who may change the glossary."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from commissioning.models import GlossaryTerm
from commissioning.plain_language import services
from core.errors import DomainError

pytestmark = pytest.mark.django_db

CHECK = reverse("commissioning:plain_language_check")
CHECK_PAGE = reverse("commissioning:plain_language_check_page")
GLOSSARY = reverse("commissioning:glossary_list")
ADD = reverse("commissioning:glossary_add")


def test_endpoint_returns_the_result_partial_with_jargon_and_section_id(
    client: Any, commissioner: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(commissioner)
    with django_assert_max_num_queries(6):
        response = client.post(
            CHECK, {"text": "Going forward we will leverage KPIs.", "section": 7}
        )
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "commissioning/plain_language/_result.html"
    html = response.content.decode()
    assert 'id="plain-language-result-7"' in html
    assert 'aria-live="polite"' in html
    assert "going forward" in html and "from now on" in html
    assertNotContains(response, "<html")


def test_endpoint_treats_empty_text_as_nothing_to_check(client: Any, evaluator: Any) -> None:
    client.force_login(evaluator)
    response = client.post(CHECK, {"text": ""})
    assert response.status_code == 200
    assert "Nothing to check yet" in response.content.decode()


def test_endpoint_is_for_buyer_staff_only(client: Any, viewer: Any, supplier_user: Any) -> None:
    client.force_login(viewer)
    assert client.post(CHECK, {"text": "Hello."}).status_code == 403
    client.force_login(supplier_user)
    assert client.post(CHECK, {"text": "Hello."}).status_code == 404


def test_endpoint_needs_sign_in_and_post(client: Any, commissioner: Any) -> None:
    assert client.post(CHECK, {"text": "Hello."}).status_code == 302
    client.force_login(commissioner)
    assert client.get(CHECK).status_code == 405


def test_check_page_works_without_javascript(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    assert client.get(CHECK_PAGE).status_code == 200
    response = client.post(CHECK_PAGE, {"text": "We will utilise robust synergies."})
    html = response.content.decode()
    assert "utilise" in html and "synergies" in html and "Plain-language check" in html


def test_check_page_asks_for_text(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    response = client.post(CHECK_PAGE, {"text": ""})
    assert "Enter the text you want to check" in response.content.decode()


def test_glossary_lists_starter_and_own_terms(
    client: Any, council: Any, viewer: Any, django_assert_max_num_queries: Any
) -> None:
    GlossaryTerm.objects.create(organisation=council, term="Aardvark", plain_alternative="animal")
    client.force_login(viewer)
    with django_assert_max_num_queries(6):
        response = client.get(GLOSSARY)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aardvark" in html and "Your glossary" in html
    assertNotContains(response, "Add a term")


@pytest.mark.parametrize(
    ("person", "status"),
    [("commissioner", 302), ("council_admin", 302), ("evaluator", 403), ("viewer", 403)],
)
def test_only_commissioners_and_admins_add_terms(
    client: Any, request: Any, person: str, status: int, council: Any
) -> None:
    client.force_login(request.getfixturevalue(person))
    response = client.post(ADD, {"term": "Blue sky thinking", "plain_alternative": "new ideas"})
    assert response.status_code == status
    assert GlossaryTerm.objects.filter(organisation=council).exists() is (status == 302)


def test_supplier_cannot_see_the_glossary(client: Any, supplier_user: Any) -> None:
    client.force_login(supplier_user)
    assert client.get(GLOSSARY).status_code == 404


def test_a_new_term_is_flagged_by_the_check(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    client.post(ADD, {"term": "Blue sky thinking", "plain_alternative": "new ideas"})
    response = client.post(CHECK, {"text": "We need blue sky thinking."})
    assert "new ideas" in response.content.decode()


def test_duplicate_term_is_an_error_on_the_form(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    client.post(ADD, {"term": "Blue sky", "plain_alternative": "new"})
    response = client.post(ADD, {"term": "blue  SKY", "plain_alternative": "new"})
    assert response.status_code == 200
    assert "already has" in response.content.decode()


def test_edit_and_remove_own_term_but_not_another_councils(
    client: Any, commissioner: Any, council: Any, other_council: Any, other_commissioner: Any
) -> None:
    own = services.glossary_term_create(
        organisation=council, term="Moonshot", plain_alternative="big aim", by=commissioner
    )
    theirs = services.glossary_term_create(
        organisation=other_council, term="Moonshot", plain_alternative="x", by=other_commissioner
    )
    starter = GlossaryTerm.objects.filter(organisation=None).first()
    client.force_login(commissioner)
    edit = reverse("commissioning:glossary_edit", args=[own.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"term": "Moonshot", "plain_alternative": "bold aim"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.plain_alternative == "bold aim"
    for other in (theirs, starter):
        assert (
            client.get(reverse("commissioning:glossary_edit", args=[other.pk])).status_code == 404
        )
        assert (
            client.post(reverse("commissioning:glossary_remove", args=[other.pk])).status_code
            == 404
        )
    assert client.post(reverse("commissioning:glossary_remove", args=[own.pk])).status_code == 302
    assert not GlossaryTerm.objects.filter(pk=own.pk).exists()


def test_services_refuse_starter_terms_and_other_people(
    commissioner: Any, viewer: Any, council: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    starter = GlossaryTerm.objects.filter(organisation=None).first()
    with pytest.raises(DomainError):
        services.glossary_term_delete(glossary_term=starter, by=commissioner)
    with pytest.raises(DomainError):
        services.glossary_term_update(
            glossary_term=starter, term="x", plain_alternative="y", by=commissioner
        )
    with pytest.raises(PermissionDenied):
        services.glossary_term_create(
            organisation=council, term="x", plain_alternative="y", by=viewer
        )


def test_creating_a_term_is_audited(commissioner: Any, council: Any) -> None:
    from accounts.models import AuditEvent

    term = services.glossary_term_create(
        organisation=council, term="Moonshot", plain_alternative="big aim", by=commissioner
    )
    assert AuditEvent.objects.filter(target_id=str(term.pk), verb="created").exists()
