import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains

from accounts.models import Membership, Organisation, User
from commissioning.models import Commission, Mission, Need, PublicComment, SpecificationVersion
from contracts.models import Contract, ServiceUserVoice, VoiceInvitation
from dialogue.models import (
    Clarification,
    DialogueRound,
    MarketEngagement,
    OutlineSubmission,
    TenderMessage,
)
from home.selectors import PROVIDER_TYPES
from procurement.models import (
    AwardNotice,
    Bid,
    PanelMember,
    Score,
    Tender,
    TenderChange,
    TenderParticipant,
    TransparencyNotice,
)

pytestmark = pytest.mark.django_db

COUNTED = [
    Organisation,
    User,
    Membership,
    Mission,
    Need,
    Tender,
    Bid,
    Contract,
    TenderChange,
    TransparencyNotice,
    AwardNotice,
    ServiceUserVoice,
    VoiceInvitation,
    PanelMember,
    Score,
    # The dialogue and public voice demos are counted here rather than loaded twice in
    # their own tests.
    TenderParticipant,
    Clarification,
    DialogueRound,
    OutlineSubmission,
    TenderMessage,
    MarketEngagement,
    PublicComment,
]


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


# One test loads the demo twice and checks both runs (a whole demo load is among the
# slowest steps of the suite): --force with DEBUG off, then again with DEBUG on.
def test_seed_demo_twice_creates_nothing_new_and_people_sign_in(client, settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-chosen-demo-password")
    call_command("seed_demo", "--force")
    first = {model.__name__: model.objects.count() for model in COUNTED}
    settings.DEBUG = True
    call_command("seed_demo")
    second = {model.__name__: model.objects.count() for model in COUNTED}
    assert first == second
    assert first["Mission"] == 4
    assert first["Need"] == 12
    assert first["TenderChange"] == 1, "a tender shows a published change"
    assert first["TransparencyNotice"] == 2, "each direct award shows its notice"
    # Every award decision has its contract award notice: the single tender, each of the
    # two lots, and the decided direct award.
    assert first["AwardNotice"] == 4
    assert set(AwardNotice.objects.values_list("tender__status", flat=True)) == {
        "awarded",
        "standstill",
    }
    assert first["ServiceUserVoice"] >= 4, "check-ins show the voices of people who use them"
    assert ServiceUserVoice.objects.filter(share_publicly=True).exists()
    assert VoiceInvitation.objects.filter(answered=False).exists(), "some are still to answer"
    assert (
        SpecificationVersion.objects.filter(
            specification__commission__title__startswith="Community food hubs"
        ).count()
        == 2
    )
    # A tender evaluated with a person with lived experience, who scored their questions
    # and holds no role anywhere.
    lived = PanelMember.objects.get(
        kind="lived_experience", tender__status="awarded", scores_submitted_at__isnull=False
    )
    assert not lived.evaluator.memberships.exists()
    assert Score.objects.filter(evaluator=lived.evaluator, question__in=lived.questions.all())
    # And one still to set up an account from the emailed link, so the commissioner's
    # evaluation page offers a new link (nothing waits to be emailed).
    invited = PanelMember.objects.get(kind="lived_experience", invitation_token__isnull=False)
    assert invited.invitation_sent_at is not None and not invited.invitation_expired
    assert not invited.evaluator.has_usable_password()
    statuses = set(Commission.objects.values_list("status", flat=True))
    assert len(statuses) >= 3, "commissions are shown in different states"
    # The public "What councils buy" filter by provider type finds a contract of each kind,
    # the small and medium-sized businesses (SMEs) among them.
    for provider_type, (_, supplier_types) in PROVIDER_TYPES.items():
        held = Contract.objects.filter(provider__supplier_type__in=supplier_types).first()
        assert held, f"no demo contract is held by a {provider_type} provider"
        response = client.get(reverse("home:public_what_we_buy"), {"provider_type": provider_type})
        assertContains(response, escape(held.title))
    # Demo people sign in with the password DEMO_PASSWORD gives.
    assert client.login(email="commissioner@northbridge.example", password="a-chosen-demo-password")
    kinds = set(
        Organisation.objects.filter(kind="supplier").values_list("supplier_type", flat=True)
    )
    assert {"micro", "charity", "social_enterprise", "large"} <= kinds
