import pytest

pytestmark = pytest.mark.django_db


def test_home_page_invites_people_to_find_opportunities(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Find opportunities" in response.content.decode()


def test_signed_in_person_is_sent_to_their_dashboard(client, commissioner):
    client.force_login(commissioner)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/dashboard/"
