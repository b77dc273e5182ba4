"""Every page with a trail shows it with the one GOV.UK breadcrumbs component, built from
the trails in commissioning/breadcrumbs.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from commissioning import services
from commissioning.appraisal import services as appraisal_services

pytestmark = pytest.mark.django_db


def _trail(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 200
    html = response.content.decode()
    nav = re.search(r'<nav class="govuk-breadcrumbs".*?</nav>', html, re.S)
    assert nav is not None, "the page has no breadcrumbs"
    return re.findall(r'href="([^"]+)">([^<]+)</a>', nav.group(0))


def test_appraisal_pages_lead_back_through_the_commission(client, commission, commissioner):
    appraisal_services.appraisal_start(commission=commission, by=commissioner)
    client.force_login(commissioner)
    commissions = (reverse("commissioning:commission_list"), "Commissions")
    this = (reverse("commissioning:commission_detail", args=[commission.pk]), commission.title)
    appraisal = (
        reverse("commissioning:appraisal_detail", args=[commission.pk]),
        "Options appraisal",
    )

    assert _trail(client.get(appraisal[0])) == [commissions, this]
    form_url = reverse("commissioning:appraisal_option_create", args=[commission.pk])
    assert _trail(client.get(form_url)) == [commissions, this, appraisal]
    assert _trail(client.get(this[0])) == [commissions]


def test_a_place_shows_every_place_above_it(client, council, commissioner):
    top = services.place_create(
        organisation=council, name="Northbridge", kind="authority", by=commissioner
    )
    ward = services.place_create(
        organisation=council, name="Castle ward", kind="ward", parent=top, by=commissioner
    )
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:place_detail", args=[ward.pk]))
    assert _trail(response) == [
        (reverse("commissioning:place_list"), "Places"),
        (reverse("commissioning:place_detail", args=[top.pk]), "Northbridge"),
    ]


def test_a_page_without_a_trail_has_no_breadcrumbs(client, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:commission_list"))
    assertNotContains(response, 'class="govuk-breadcrumbs"')
