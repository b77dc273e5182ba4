from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from accounts import permissions
from accounts.models import AuditEvent, Membership
from accounts.registration import (
    ProfileInvalid,
    charity_number_normalise,
    company_number_normalise,
    postcode_normalise,
    supplier_organisation_register,
    supplier_profile_update,
)
from core.errors import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Riverside Food Co-op",
    "supplier_type": "cooperative",
    "staff_count": 12,
    "postcode": "nb1 2aa",
    "places_served": "Northbridge",
    "company_number": "ip123456",
    "charity_number": "",
    "living_wage_accredited": True,
    "description": "We run food hubs. We buy from local farms.",
}


@pytest.mark.parametrize(
    "value, expected",
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        (" b33 8th ", "B33 8TH"),
        ("cr2 6xh", "CR2 6XH"),
    ],
)
def test_valid_postcodes_are_tidied(value, expected):
    assert postcode_normalise(value) == expected


@pytest.mark.parametrize("value", ["", "NB1", "12345", "SW1A 1A", "not a postcode"])
def test_invalid_postcodes_are_refused(value):
    with pytest.raises(DomainError, match="real UK postcode"):
        postcode_normalise(value)


@pytest.mark.parametrize("value", ["01234567", "SC123456", "ni 123456", ""])
def test_valid_company_numbers(value):
    assert company_number_normalise(value) == value.replace(" ", "").upper()


@pytest.mark.parametrize("value", ["1234567", "123456789", "S1234567", "SCO12345"])
def test_invalid_company_numbers_are_refused(value):
    with pytest.raises(DomainError, match="8 characters"):
        company_number_normalise(value)


@pytest.mark.parametrize("value", ["123456", "1234567", "SC012345", "NIC100002", ""])
def test_valid_charity_numbers(value):
    assert charity_number_normalise(value) == value


@pytest.mark.parametrize("value", ["12345", "12345678", "SC01234", "NI100002", "NIC10000"])
def test_invalid_charity_numbers_are_refused(value):
    with pytest.raises(DomainError, match="charity number"):
        charity_number_normalise(value)


def test_registering_makes_the_person_admin_and_supplier_member():
    user = UserFactory()
    organisation = supplier_organisation_register(user=user, **PROFILE)
    assert organisation.is_supplier
    assert organisation.postcode == "NB1 2AA"
    assert organisation.company_number == "IP123456"
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    assert roles == {"admin", "supplier"}
    assert permissions.can(user, "tender.bid", organisation)
    assert AuditEvent.objects.filter(verb="created", target_id=str(organisation.pk)).exists()


def test_a_person_in_one_supplier_can_register_another():
    user = UserFactory()
    first = supplier_organisation_register(user=user, **PROFILE)
    second = supplier_organisation_register(user=user, **PROFILE)
    assert first.slug != second.slug


def test_every_wrong_field_is_reported_at_once():
    with pytest.raises(ProfileInvalid) as caught:
        supplier_organisation_register(
            user=UserFactory(),
            **PROFILE
            | {
                "postcode": "nowhere",
                "company_number": "123",
                "supplier_type": "charity",
                "description": "word " * 151,
            },
        )
    assert set(caught.value.errors) == {
        "postcode",
        "company_number",
        "charity_number",
        "description",
    }


def test_only_its_admins_edit_a_supplier_profile(supplier_user, supplier_org):
    with pytest.raises(PermissionDenied):
        supplier_profile_update(organisation=supplier_org, by=supplier_user, **PROFILE)
    admin = UserFactory()
    Membership.objects.create(user=admin, organisation=supplier_org, role="admin")
    updated = supplier_profile_update(
        organisation=supplier_org, by=admin, **PROFILE | {"staff_count": 20}
    )
    assert updated.staff_count == 20
    assert AuditEvent.objects.filter(verb="profile updated").exists()


# --- Pages ----------------------------------------------------------------------------------
def test_registration_page_needs_sign_in(client):
    response = client.get(reverse("accounts:supplier_register"))
    assert response.status_code == 302


def test_registering_through_the_page_opens_the_profile(client):
    user = UserFactory()
    client.force_login(user)
    data = PROFILE | {"living_wage_accredited": "on"}
    response = client.post(reverse("accounts:supplier_register"), data, follow=True)
    page = response.content.decode()
    assert "Riverside Food Co-op is registered" in page
    assert "Invite colleagues" in page
    assert "How easy your description is to read" in page


def test_bad_numbers_show_errors_on_the_form_and_keep_the_answers(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:supplier_register"), PROFILE | {"charity_number": "99"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Riverside Food Co-op" in page
    assert not Membership.objects.exists()


def test_members_see_the_profile_but_only_admins_edit_it(client, supplier_user, supplier_org):
    client.force_login(supplier_user)
    profile = client.get(reverse("accounts:supplier_profile", args=[supplier_org.slug]))
    assertNotContains(profile, "Edit profile")
    edit = client.get(reverse("accounts:supplier_profile_edit", args=[supplier_org.slug]))
    assert edit.status_code == 404


def test_other_suppliers_cannot_see_a_profile_page(client, other_supplier_user, supplier_org):
    client.force_login(other_supplier_user)
    response = client.get(reverse("accounts:supplier_profile", args=[supplier_org.slug]))
    assert response.status_code == 404


def test_an_admin_edits_the_profile(client, supplier_org):
    admin = UserFactory()
    Membership.objects.create(user=admin, organisation=supplier_org, role="admin")
    client.force_login(admin)
    url = reverse("accounts:supplier_profile_edit", args=[supplier_org.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, PROFILE | {"name": "Good Food Co-op Ltd"})
    assert response.status_code == 302
    supplier_org.refresh_from_db()
    assert supplier_org.name == "Good Food Co-op Ltd"
