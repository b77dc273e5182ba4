"""Demo public pages: a published commission for each of the four missions, each asking for
views, with comments in every state (waiting for the email link, waiting for moderation,
published with the council's reply, hidden with a reason, withdrawn by its writer). On
the food hubs, one comment became evidence for a need and another is answered by version
2 of the specification ("what we heard, what we changed"), as was one since withdrawn."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import (
    CommentPhase,
    CommentStatus,
    Commission,
    CommissionStatus,
    EvidenceItem,
    EvidenceKind,
    Mission,
    Need,
    PublicComment,
    SpecificationVersion,
)

COMMISSIONER = "commissioner@northbridge.example"
LEADERSHIP_TITLE = "Residents' boards that look like the estates they serve"


@dataclass(frozen=True)
class DemoComment:
    display_name: str
    body: str
    status: str
    reply: str = ""
    hidden_reason: str = ""
    evidence_for: str = ""  # the title of a need, if the comment became evidence for it
    cited_in_version: int | None = None


@dataclass(frozen=True)
class DemoPage:
    title_starts: str
    public_summary: str
    invite_views_in: list[str]
    comments: list[DemoComment] = field(default_factory=list)


PAGES = [
    DemoPage(
        "Community food hubs on the Kestrel and Brookside estates",
        "Families on the Kestrel and Brookside estates tell us fresh food is hard to find "
        "and costs too much. We want to pay for two food hubs, run with residents. You "
        "will be able to buy fresh food at fair prices, learn to cook, and share a meal.\n\n"
        "We are choosing who will run the hubs now. Tell us what would make a hub work "
        "for you.",
        [CommentPhase.BEFORE_AWARD],
        [
            DemoComment(
                "Dev from Brookside",
                "If the hubs are meant to help the estate, the people who work there should "
                "be paid the Real Living Wage, not the minimum wage.",
                CommentStatus.PUBLISHED,
                reply="Thank you, Dev. Version 2 of the specification makes the Real Living "
                "Wage something every bidder must pay.",
                cited_in_version=2,
            ),
            DemoComment(
                "Amira, Kestrel estate",
                "The nearest shop with fresh vegetables is a long walk with a buggy. A hub "
                "on the estate would change how we eat.",
                CommentStatus.PUBLISHED,
                reply="Thank you, Amira. We have added your words to the evidence for this need.",
                evidence_for="Fresh food is hard to reach on the Kestrel estate",
            ),
            DemoComment(
                "Grace",
                "Please open on Saturday mornings. Many of us work during the week.",
                CommentStatus.PENDING,
            ),
            DemoComment(
                "Sam",
                "Will the hubs take Healthy Start cards?",
                CommentStatus.UNCONFIRMED,
            ),
            DemoComment(
                "Best Deals",
                "Cheap loans, fast cash, visit our website today.",
                CommentStatus.HIDDEN,
                hidden_reason="Advertising, not a view on the service.",
            ),
            # Withdrawn by its writer after version 2 answered it: the change note stays,
            # the comment is no longer quoted, and its email address is gone.
            DemoComment(
                "Lena",
                "Staff at the hubs should be paid enough to live on, or they will not stay.",
                CommentStatus.WITHDRAWN,
                cited_in_version=2,
            ),
        ],
    ),
    DemoPage(
        "Mentoring into work for young people in Hollowgate",
        "One in eight young people in Hollowgate is not in work, education or training. "
        "We pay Northbridge Young Futures to give them a mentor and a paid placement.\n\n"
        "The service is running now. Ask us a question about it, or tell us how it is "
        "going.",
        [CommentPhase.DURING, CommentPhase.AFTER],
        [
            DemoComment(
                "Jordan, 19",
                "My mentor helped me get a placement at a garage. Could the sessions run "
                "after 4pm? Some of us have college in the day.",
                CommentStatus.PUBLISHED,
                reply="Thank you, Jordan. We have asked Young Futures to offer evening "
                "sessions from next term.",
            ),
            DemoComment(
                "A parent in Hollowgate",
                "How do young people sign up if they are not at school any more?",
                CommentStatus.PENDING,
            ),
        ],
    ),
    DemoPage(
        "Tackling damp and mould with Brookside tenants",
        "Reports of damp on the Brookside estate doubled in two winters. Tenants say they "
        "are not listened to. Before we decide what to buy, we want to hear from you: "
        "where is the damp, and what has been tried?",
        [CommentPhase.BEFORE_AWARD],
        [
            DemoComment(
                "Brookside tenant",
                "The mould in our bathroom comes back every winter. Painting over it does "
                "not work. Please fix the fans first.",
                CommentStatus.PUBLISHED,
                reply="Thank you. Fixing ventilation first is now one of the options we "
                "are looking at.",
            ),
            DemoComment(
                "Angry of Block C",
                "The repairs officer who came round was rude and useless.",
                CommentStatus.HIDDEN,
                hidden_reason="It is about a named member of staff. We passed it to the "
                "complaints team.",
            ),
        ],
    ),
    DemoPage(
        LEADERSHIP_TITLE,
        "Only 1 in 10 tenant board members is under 40, and few are from Black, Asian or "
        "other minority ethnic communities. We want to pay for support that helps more "
        "residents stand for their estate's board.\n\nWhat would help you take part?",
        [CommentPhase.BEFORE_AWARD],
        [
            DemoComment(
                "Priya",
                "Meetings at 2pm on a weekday rule out anyone with a job. Evening or online "
                "meetings would help.",
                CommentStatus.PUBLISHED,
                reply="Thank you, Priya. We will ask providers how they would run meetings "
                "at times that suit working residents.",
            ),
            DemoComment(
                "Kwame",
                "I would stand if there was childcare at meetings.",
                CommentStatus.UNCONFIRMED,
            ),
        ],
    ),
]


def _leadership_commission(council: Organisation, commissioner: User | None) -> Commission:
    """A commission for the fourth mission, still being scoped."""
    commission, _ = Commission.objects.update_or_create(
        organisation=council,
        title=LEADERSHIP_TITLE,
        defaults={
            "summary": "Leadership support for under-40s and minority ethnic residents to "
            "stand for tenant boards.",
            "owner": commissioner,
            "spend_category": "Community development",
        },
    )
    Commission.objects.filter(pk=commission.pk).update(status=CommissionStatus.SCOPING)
    mission = Mission.objects.filter(
        organisation=council, title="Power that looks like Northbridge"
    ).first()
    if mission:
        commission.missions.set([mission])
    need = Need.objects.filter(organisation=council, title__startswith="Residents' boards").first()
    if need:
        commission.needs.set([need])
    return commission


def _comment(commission: Commission, item: DemoComment, moderator: User | None) -> PublicComment:
    now = timezone.now()
    confirmed = item.status != CommentStatus.UNCONFIRMED
    moderated = item.status in (CommentStatus.PUBLISHED, CommentStatus.HIDDEN)
    withdrawn = item.status == CommentStatus.WITHDRAWN
    email = f"{item.display_name.split()[0].lower()}@residents.example"
    comment, _ = PublicComment.objects.update_or_create(
        commission=commission,
        display_name=item.display_name,
        body=item.body,
        defaults={
            "phase": commission.comment_phase or CommentPhase.BEFORE_AWARD,
            "email": "" if withdrawn else email,
            "withdrawn_at": now if withdrawn else None,
            "email_erased_at": now if withdrawn else None,
            "status": item.status,
            "confirmation_sent_at": now,
            "confirmed_at": now if confirmed else None,
            "published_at": now if item.status == CommentStatus.PUBLISHED else None,
            "hidden_reason": item.hidden_reason,
            "moderated_by": moderator if moderated else None,
            "moderated_at": now if moderated else None,
            "reply": item.reply,
            "replied_by": moderator if item.reply else None,
            "replied_at": now if item.reply else None,
        },
    )
    if item.evidence_for:
        need = commission.needs.filter(title=item.evidence_for).first()
        if need:
            EvidenceItem.objects.update_or_create(
                need=need,
                from_comment=comment,
                defaults={
                    "kind": EvidenceKind.COMMUNITY_VOICE,
                    "summary": comment.body,
                    "source": f"Comment on the public page of {commission.title}",
                    "source_date": timezone.localdate(),
                    "attribution": f"{comment.display_name}, a member of the public",
                    "created_by": moderator,
                },
            )
    if item.cited_in_version:
        version = SpecificationVersion.objects.filter(
            specification__commission=commission, number=item.cited_in_version
        ).first()
        if version:
            version.answers_comments.add(comment)
    return comment


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Publish a public page for a commission of each mission, with comments in each state."""
    commissioner = people.get(COMMISSIONER)
    _leadership_commission(council, commissioner)
    count = 0
    pages = 0
    for page in PAGES:
        commission = Commission.objects.filter(
            organisation=council, title__startswith=page.title_starts
        ).first()
        if commission is None:
            continue
        Commission.objects.filter(pk=commission.pk).update(
            public_summary=page.public_summary,
            published_at=commission.published_at or timezone.now(),
            invite_views_in=list(page.invite_views_in),
        )
        commission.refresh_from_db()
        pages += 1
        for item in page.comments:
            _comment(commission, item, commissioner)
            count += 1
    return [f"{pages} public commission pages with {count} comments from the public"]
