"""Needs: changing them, their evidence, uploaded documents and who may download them."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from commissioning import services
from commissioning.models import EvidenceItem, EvidenceKind
from core import uploads
from core.errors import DomainError
from tests.commissioning.factories import (
    EvidenceItemFactory,
    MissionFactory,
    NeedFactory,
    PlaceFactory,
)
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

REFUSED_PEOPLE = ["viewer", "evaluator", "contract_manager", "other_commissioner", "supplier_user"]
PAGE_OVERHEAD = 5
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    return tmp_path / "media"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def document(need, commissioner):
    return services.evidence_add(
        need=need,
        kind=EvidenceKind.DOCUMENT,
        summary="Food access survey 2025",
        document=SimpleUploadedFile("survey.pdf", PDF, content_type="application/pdf"),
        by=commissioner,
    )


# --- Need changes ------------------------------------------------------------------------
def test_commissioner_changes_a_need_and_its_tags(council, commissioner, need, mission):
    place = PlaceFactory(organisation=council)
    other_mission = MissionFactory(organisation=council)
    services.need_update(
        need=need,
        title="Fresh food is hard to reach",
        missions=[other_mission],
        places=[place],
        by=commissioner,
    )
    need.refresh_from_db()
    assert need.title == "Fresh food is hard to reach"
    assert list(need.missions.all()) == [other_mission] and list(need.places.all()) == [place]
    event = AuditEvent.objects.get(target_id=str(need.pk), verb="updated")
    assert event.changes["missions"] == [[mission.pk], [other_mission.pk]]


def test_a_need_cannot_be_tagged_with_another_councils_places(other_council, commissioner, need):
    with pytest.raises(DomainError, match="your own organisation"):
        services.need_update(
            need=need, places=[PlaceFactory(organisation=other_council)], by=commissioner
        )


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_the_councils_commissioners_may_change_a_need(request, need, person):
    with pytest.raises(PermissionDenied):
        services.need_update(need=need, title="New", by=request.getfixturevalue(person))


# --- Evidence services -------------------------------------------------------------------
def test_community_voice_keeps_the_quote_and_an_anonymous_attribution(need, commissioner):
    item = services.evidence_add(
        need=need,
        kind=EvidenceKind.COMMUNITY_VOICE,
        summary="By the time I've walked back with the shopping the kids are starving.",
        attribution=" Parent, Kestrel estate ",
        by=commissioner,
    )
    assert item.attribution == "Parent, Kestrel estate"
    event = AuditEvent.objects.get(target_id=str(need.pk), verb="evidence added")
    assert event.changes == {"evidence": item.pk, "kind": "community_voice"}


@pytest.mark.parametrize("attribution", ["", "jane@example.com", "Jane on 07700 900123"])
def test_community_voice_needs_an_attribution_without_contact_details(
    need, commissioner, attribution
):
    with pytest.raises(DomainError, match="who said it"):
        services.evidence_add(
            need=need,
            kind=EvidenceKind.COMMUNITY_VOICE,
            summary="We need a shop.",
            attribution=attribution,
            by=commissioner,
        )


def test_a_data_point_needs_a_value_a_source_and_a_date(need, commissioner):
    for missing in ("value", "source", "source_date"):
        fields = {
            "value": "38%",
            "source": "School census",
            "source_date": datetime.date(2025, 1, 31),
        }
        fields[missing] = None if missing == "source_date" else ""
        with pytest.raises(DomainError):
            services.evidence_add(
                need=need,
                kind=EvidenceKind.DATA_POINT,
                summary="Pupils eligible for free school meals",
                by=commissioner,
                **fields,
            )
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.com/file", "example.com", "https://"]
)
def test_links_must_be_http_or_https(need, commissioner, url):
    with pytest.raises(DomainError, match="http"):
        services.evidence_add(
            need=need, kind=EvidenceKind.LINK, summary="Report", url=url, by=commissioner
        )


def test_fields_that_do_not_belong_to_a_kind_are_not_kept(need, commissioner):
    item = services.evidence_add(
        need=need,
        kind=EvidenceKind.STATEMENT,
        summary="Residents say the shop closed.",
        value="12",
        url="https://example.com",
        attribution="Someone",
        by=commissioner,
    )
    assert (item.value, item.url, item.attribution) == ("", "", "")


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_the_councils_commissioners_may_add_evidence(request, need, person):
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            need=need, kind="statement", summary="X", by=request.getfixturevalue(person)
        )


def test_removing_evidence_is_audited_and_deletes_the_file(
    django_capture_on_commit_callbacks, document, commissioner, private_media
):
    stored = private_media / document.document.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(evidence=document, by=commissioner)
    assert not EvidenceItem.objects.exists()
    assert not stored.exists()
    assert AuditEvent.objects.filter(verb="evidence removed").exists()


def test_viewer_cannot_remove_evidence(document, viewer):
    with pytest.raises(PermissionDenied):
        services.evidence_remove(evidence=document, by=viewer)


# --- Uploads -----------------------------------------------------------------------------
def test_a_document_is_stored_under_a_generated_name(document):
    name = document.document.name
    assert name.startswith("evidence/") and name.endswith(".pdf")
    assert "survey" not in name


def test_a_real_docx_is_accepted(need, commissioner):
    upload = SimpleUploadedFile("notes.docx", docx_bytes())
    item = services.evidence_add(
        need=need, kind="document", summary="Notes", document=upload, by=commissioner
    )
    assert item.document.name.endswith(".docx")


def test_a_file_that_is_too_big_is_refused(settings, need, commissioner):
    settings.KINDRED_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(uploads.UploadRejected, match="smaller than 1"):
        services.evidence_add(
            need=need, kind="document", summary="Big", document=upload, by=commissioner
        )
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 a Windows program", "not a real PDF"),
        ("notes.docx", b"PK\x03\x04 but not a zip", "not a real Word document"),
        ("notes.docx", b"%PDF-1.7", "not a real Word document"),
        ("photo.png", b"\xff\xd8\xff\xe0 a JPEG", "not a real PNG"),
        ("data.csv", b"\xff\xfe\x00\x00binary", "not a real CSV"),
        ("script.exe", b"MZ", "must be a PDF"),
        ("page.html", b"<script>alert(1)</script>", "must be a PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_files_are_refused_when_they_are_not_what_they_claim(
    need, commissioner, name, content, message
):
    with pytest.raises(DomainError, match=message):
        services.evidence_add(
            need=need,
            kind="document",
            summary="File",
            document=SimpleUploadedFile(name, content),
            by=commissioner,
        )
    assert not EvidenceItem.objects.exists()


def test_the_upload_form_shows_why_a_file_was_refused(client, commissioner, need):
    client.force_login(commissioner)
    upload = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")
    response = client.post(
        reverse("commissioning:evidence_create", args=[need.pk, "document"]),
        {"document": upload, "summary": "Food survey", "source": "", "source_date": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "not a real PDF" in page
    assert "Food survey" in page


def test_download_sends_the_file_as_an_attachment_that_is_not_sniffed(client, viewer, document):
    client.force_login(viewer)
    response = client.get(reverse("commissioning:evidence_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "food-access-survey-2025.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("person", ["other_commissioner", "supplier_user"])
def test_people_outside_the_council_cannot_download_evidence(client, request, person, document):
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("commissioning:evidence_download", args=[document.pk]))
    assert response.status_code == 404


def test_signed_out_people_are_sent_to_sign_in_to_download(client, document):
    response = client.get(reverse("commissioning:evidence_download", args=[document.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_evidence_that_is_not_a_document_has_no_download(client, commissioner, need):
    item = EvidenceItemFactory(need=need)
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:evidence_download", args=[item.pk]))
    assert response.status_code == 404


# --- Pages -------------------------------------------------------------------------------
def test_commissioner_adds_each_kind_of_evidence_through_the_pages(client, commissioner, need):
    client.force_login(commissioner)
    posts = {
        "community-voice": {
            "summary": "The bus to the big shop costs more than the veg.",
            "attribution": "Parent, Kestrel estate",
            "source_date": "",
        },
        "data-point": {
            "value": "38%",
            "summary": "Pupils eligible for free school meals",
            "source": "School census",
            **date_fields("source_date", datetime.date(2025, 1, 31)),
        },
        "statement": {
            "summary": "The last greengrocer closed in 2023.",
            "source": "",
            "source_date": "",
        },
        "link": {
            "url": "https://example.org/food",
            "summary": "Food map",
            "source": "",
            "source_date": "",
        },
        "document": {
            "document": SimpleUploadedFile("survey.pdf", PDF),
            "summary": "Survey",
            "source": "",
            "source_date": "",
        },
    }
    for kind, data in posts.items():
        url = reverse("commissioning:evidence_create", args=[need.pk, kind])
        assert client.get(url).status_code == 200
        response = client.post(url, data)
        assert response.status_code == 302, (kind, response.content.decode()[:3000])
    assert EvidenceItem.objects.filter(need=need).count() == 5
    page = client.get(reverse("commissioning:need_detail", args=[need.pk])).content.decode()
    assert 'class="govuk-inset-text kindred-voice"' in page
    assert "Parent, Kestrel estate" in page and "38%" in page
    assert (
        reverse(
            "commissioning:evidence_download", args=[EvidenceItem.objects.get(kind="document").pk]
        )
        in page
    )


def test_a_link_that_is_not_http_is_a_form_error(client, commissioner, need):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:evidence_create", args=[need.pk, "link"]),
        {"url": "javascript:alert(1)", "summary": "Bad", "source": "", "source_date": ""},
    )
    assert "starts with http:// or https://" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_an_unknown_kind_of_evidence_is_not_found(client, commissioner, need):
    client.force_login(commissioner)
    url = reverse("commissioning:evidence_create", args=[need.pk, "rumour"])
    assert client.get(url).status_code == 404


def test_commissioner_changes_a_need_through_the_page(client, commissioner, need, mission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:need_edit", args=[need.pk]),
        {
            "title": "Fresh food is out of reach",
            "description": need.description,
            "population_group": "Families",
            "missions": [mission.pk],
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Fresh food is out of reach"


def test_commissioner_removes_evidence_after_confirming(client, commissioner, need):
    item = EvidenceItemFactory(need=need)
    client.force_login(commissioner)
    url = reverse("commissioning:evidence_delete", args=[item.pk])
    assert "Remove this evidence?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize("person", ["viewer", "evaluator", "contract_manager"])
def test_read_only_staff_read_evidence_but_cannot_change_it(client, request, person, need):
    item = EvidenceItemFactory(need=need, kind="community_voice", attribution="Grandparent")
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("commissioning:need_detail", args=[need.pk]))
    assertContains(response, "Grandparent")
    assertNotContains(response, "Add a data point")
    assertNotContains(response, "Remove")
    for url in [
        reverse("commissioning:need_edit", args=[need.pk]),
        reverse("commissioning:evidence_create", args=[need.pk, "statement"]),
        reverse("commissioning:evidence_delete", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"summary": "x"}).status_code == 403, url
    assert EvidenceItem.objects.count() == 1


@pytest.mark.parametrize("person", ["other_commissioner", "supplier_user"])
def test_people_outside_the_council_cannot_find_evidence(client, request, person, need):
    item = EvidenceItemFactory(need=need)
    client.force_login(request.getfixturevalue(person))
    for url in [
        reverse("commissioning:need_edit", args=[need.pk]),
        reverse("commissioning:evidence_create", args=[need.pk, "statement"]),
        reverse("commissioning:evidence_delete", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_need_page_and_list_have_constant_queries(
    client, council, commissioner, need, django_assert_max_num_queries
):
    for _ in range(40):
        EvidenceItemFactory(need=need, kind="community_voice", attribution="Resident")
        EvidenceItemFactory(need=need, kind="data_point", value="1", source="Census")
    for other in NeedFactory.create_batch(200, organisation=council):
        EvidenceItemFactory(need=other)
    client.force_login(commissioner)
    with django_assert_max_num_queries(PAGE_OVERHEAD + 6):
        response = client.get(reverse("commissioning:need_detail", args=[need.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(PAGE_OVERHEAD + 4):
        response = client.get(reverse("commissioning:need_list") + "?page=2")
    assert response.status_code == 200
