"""A public body's administrator sets its postcode, which decides "local" on mission pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent, Role
from accounts.registration import public_body_details_update
from core.errors import DomainError
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(organisation):
    return reverse("accounts:organisation_details", args=[organisation.slug])


def test_administrator_sets_the_postcode_normalised_and_audited(client, council, council_admin):
    client.force_login(council_admin)
    response = client.get(reverse("accounts:organisation_people", args=[council.slug]))
    assertContains(response, _url(council))
    response = client.post(_url(council), {"postcode": " nb1  2ab "}, follow=True)
    assertContains(response, "Organisation details saved.")
    council.refresh_from_db()
    assert council.postcode == "NB1 2AB"
    assertContains(response, "NB1 2AB")
    event = AuditEvent.objects.get(verb="details updated", target_id=str(council.pk))
    assert event.actor == council_admin
    assert event.changes == {"postcode": ["", "NB1 2AB"]}


def test_a_postcode_that_is_not_a_uk_postcode_is_refused_beside_the_field(
    client, council, council_admin
):
    client.force_login(council_admin)
    response = client.post(_url(council), {"postcode": "NOT A CODE"})
    assertContains(response, "Enter a real UK postcode, like SW1A 1AA.", count=2)
    assertContains(response, 'value="NOT A CODE"')
    council.refresh_from_db()
    assert council.postcode == ""
    assert not AuditEvent.objects.filter(verb="details updated").exists()


def test_a_blank_postcode_clears_it_and_no_change_records_nothing(council, council_admin):
    public_body_details_update(organisation=council, postcode="NB1 2AB", by=council_admin)
    public_body_details_update(organisation=council, postcode="nb12ab", by=council_admin)
    assert AuditEvent.objects.filter(verb="details updated").count() == 1
    council = public_body_details_update(organisation=council, postcode="", by=council_admin)
    assert council.postcode == ""


@pytest.mark.parametrize("person", ["commissioner", "viewer", "other_commissioner"])
def test_only_the_public_bodys_administrators_may_change_its_details(
    client, request, council, person
):
    user = request.getfixturevalue(person)
    with pytest.raises(PermissionDenied):
        public_body_details_update(organisation=council, postcode="NB1 2AB", by=user)
    client.force_login(user)
    assert client.get(_url(council)).status_code == 404
    if person != "other_commissioner":
        response = client.get(reverse("accounts:organisation_people", args=[council.slug]))
        assertNotContains(response, _url(council))


def test_a_supplier_has_a_profile_not_these_details(client, supplier_org):
    supplier_admin = UserFactory()
    MembershipFactory(user=supplier_admin, organisation=supplier_org, role=Role.ADMIN)
    with pytest.raises(DomainError, match="Only public bodies"):
        public_body_details_update(organisation=supplier_org, postcode="NB1 2AB", by=supplier_admin)
    client.force_login(supplier_admin)
    assert client.get(_url(supplier_org)).status_code == 404
