import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory

pytestmark = pytest.mark.django_db


def test_an_issued_version_shows_its_typed_requirements_and_outcomes(client, council, viewer):
    commission = CommissionFactory(organisation=council)
    SpecificationVersionFactory(
        specification__commission=commission,
        number=1,
        snapshot={
            "sections": [
                {
                    "kind": "requirements",
                    "heading": "Requirements",
                    "body": "",
                    "position": 0,
                    "requirements": [
                        {"kind": "non_negotiable", "text": "Open five days a week."},
                        {"kind": "open_for_dialogue", "text": "How residents share the running."},
                    ],
                    "outcomes": [{"title": "More families eat fresh food"}],
                }
            ]
        },
    )
    client.force_login(viewer)
    url = reverse("commissioning:specification_version_detail", args=[commission.pk, 1])
    response = client.get(url)
    page = response.content.decode()
    assert "Non-negotiable" in page and "Open five days a week." in page
    assert "Open for dialogue" in page and "More families eat fresh food" in page
    assertNotContains(response, "Nothing was written in this section.")
