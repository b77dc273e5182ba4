"""What a person sees first: their organisation's current work, by role.

This module is the dashboard's selector, so it reads other apps' models directly.
Each section costs one query for its latest five, and a council's sections are counted
together in one more, whatever the volume. A council's sections are the same for every
one of its staff, so they are kept in the cache (`core.versioned_cache`) until one of its
missions, commissions, tenders or contracts, or a provider of its contracts, is saved or
deleted (the receivers below): a repeat view reads the cache instead of five queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, Role, User
from core import status_tags
from core.formatting import uk_date
from core.queries import count_of
from core.status_tags import StatusTag
from core.versioned_cache import changed, kept

SECTION_SIZE = 5


@dataclass(frozen=True)
class DashboardItem:
    label: str
    href: str
    status: StatusTag | None = None
    detail: str = ""


@dataclass(frozen=True)
class DashboardSection:
    key: str
    title: str
    count: int
    list_url: str
    list_label: str
    empty_text: str
    detail_heading: str = ""
    items: list[DashboardItem] = field(default_factory=list)


def _status(obj: Model) -> dict[str, StatusTag]:
    return {"status": status_tags.tag_for(obj)}


def _section(
    queryset: QuerySet,
    *,
    count: int | None = None,
    key: str,
    title: str,
    list_url_name: str,
    list_label: str,
    empty_text: str,
    item: Any,
    detail_heading: str = "",
) -> DashboardSection:
    return DashboardSection(
        key=key,
        title=title,
        count=queryset.count() if count is None else count,
        list_url=reverse(list_url_name),
        list_label=list_label,
        empty_text=empty_text,
        detail_heading=detail_heading,
        items=[item(obj) for obj in queryset[:SECTION_SIZE]],
    )


def _sections_name(organisation_id: int) -> str:
    return f"dashboard-sections:{organisation_id}"


def _public_body_sections(organisation: Organisation) -> list[DashboardSection]:
    return kept(_sections_name(organisation.pk), lambda: _read_public_body_sections(organisation))


def _read_public_body_sections(organisation: Organisation) -> list[DashboardSection]:
    from commissioning.models import Commission, Mission
    from contracts.models import Contract
    from procurement.models import Tender

    # The four totals in one query: each a count per organisation through its own index.
    counts = (
        Organisation.objects.filter(pk=organisation.pk)
        .values(
            missions_count=count_of(Mission.objects.all(), to="organisation"),
            commissions_count=count_of(Commission.objects.all(), to="organisation"),
            tenders_count=count_of(Tender.objects.all(), to="organisation"),
            contracts_count=count_of(Contract.objects.all(), to="organisation"),
        )
        .get()
    )
    return [
        _section(
            Mission.objects.filter(organisation=organisation).order_by("title", "pk"),
            count=counts["missions_count"],
            key="missions",
            title="Missions",
            list_url_name="commissioning:mission_list",
            list_label="See all missions",
            empty_text="There are no missions yet.",
            item=lambda m: DashboardItem(
                m.title, reverse("commissioning:mission_detail", args=[m.pk]), **_status(m)
            ),
        ),
        _section(
            Commission.objects.filter(organisation=organisation).order_by("-updated_at", "-pk"),
            count=counts["commissions_count"],
            key="commissions",
            title="Commissions",
            list_url_name="commissioning:commission_list",
            list_label="See all commissions",
            empty_text="There are no commissions yet.",
            item=lambda c: DashboardItem(
                c.title, reverse("commissioning:commission_detail", args=[c.pk]), **_status(c)
            ),
        ),
        _section(
            Tender.objects.filter(organisation=organisation).order_by("-updated_at", "-pk"),
            count=counts["tenders_count"],
            key="tenders",
            title="Tenders",
            list_url_name="procurement:tender_list",
            list_label="See all tenders",
            empty_text="There are no tenders yet.",
            detail_heading="Closes",
            item=lambda t: DashboardItem(
                t.title,
                reverse("procurement:tender_detail", args=[t.pk]),
                detail=uk_date(t.submission_deadline),
                **_status(t),
            ),
        ),
        _section(
            Contract.objects.filter(organisation=organisation)
            .select_related("provider")
            .order_by("end_date", "pk"),
            count=counts["contracts_count"],
            key="contracts",
            title="Contracts",
            list_url_name="contracts:contract_list",
            list_label="See all contracts",
            empty_text="There are no contracts yet.",
            detail_heading="Provider",
            item=lambda c: DashboardItem(
                c.title,
                reverse("contracts:contract_detail", args=[c.pk]),
                detail=c.provider_display,
                **_status(c),
            ),
        ),
    ]


def _supplier_sections(organisation: Organisation) -> list[DashboardSection]:
    from contracts.models import Contract
    from procurement.models import Bid

    return [
        _section(
            Bid.objects.filter(supplier=organisation)
            .select_related("tender__organisation")
            .order_by("-updated_at", "-pk"),
            key="bids",
            title="Your bids",
            list_url_name="procurement:my_bids",
            list_label="See all your bids",
            empty_text="You have not started any bids yet.",
            detail_heading="Buyer",
            item=lambda b: DashboardItem(
                b.tender.title,
                reverse("procurement:tender_detail", args=[b.tender_id]),
                detail=b.tender.organisation.name,
                **_status(b),
            ),
        ),
        _section(
            Contract.objects.filter(provider=organisation)
            .select_related("organisation")
            .order_by("end_date", "pk"),
            key="contracts",
            title="Your contracts",
            list_url_name="contracts:contract_list",
            list_label="See all your contracts",
            empty_text="You do not have any contracts yet.",
            detail_heading="Buyer",
            item=lambda c: DashboardItem(
                c.title,
                reverse("contracts:contract_detail", args=[c.pk]),
                detail=c.organisation.name,
                **_status(c),
            ),
        ),
    ]


def open_opportunity_count() -> int:
    from procurement.models import OPEN_FOR_BIDS, Procedure, Tender

    return (
        Tender.objects.filter(status__in=OPEN_FOR_BIDS, submission_deadline__gt=timezone.now())
        .exclude(procedure=Procedure.DIRECT_AWARD)
        .count()
    )


def dashboard_for(user: User, organisation: Organisation | None) -> dict[str, Any]:
    """The sections a person sees for the organisation they are acting for."""
    # The request's organisation is a lazy object, so test its truth rather than `is None`.
    context: dict[str, Any] = {
        "organisation": organisation or None,
        "sections": [],
        "is_admin": False,
        "open_opportunities": None,
    }
    if not organisation:
        # Someone with no organisation may still sit on panels for their lived experience.
        from procurement.lived_experience_pages import panels_of

        context["panels"] = panels_of(user)
        return context
    context["is_admin"] = permissions.has_role(user, organisation.pk, Role.ADMIN)
    if organisation.is_supplier:
        context["open_opportunities"] = open_opportunity_count()
        context["opportunities_url"] = reverse("dialogue:opportunity_list")
        context["sections"] = _supplier_sections(organisation)
    elif permissions.can(user, "commissioning.view", organisation):
        context["sections"] = _public_body_sections(organisation)
    return context


def _record_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    changed(_sections_name(instance.organisation_id))


def _organisation_changed(
    sender: Any, instance: Organisation, created: bool = False, **kwargs: Any
) -> None:
    # Contracts name their provider: a provider's new name shows on its buyers' dashboards.
    from contracts.models import Contract

    if created:
        return
    buyers = Contract.objects.filter(provider=instance).values_list("organisation_id", flat=True)
    for organisation_id in buyers.distinct():
        changed(_sections_name(organisation_id))


def connect_receivers() -> None:
    """Called once from the app's ready()."""
    from commissioning.models import Commission, Mission
    from contracts.models import Contract
    from procurement.models import Tender

    for model in (Mission, Commission, Tender, Contract):
        uid = f"dashboard-{model._meta.label_lower}"
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(
        _organisation_changed, sender=Organisation, dispatch_uid="dashboard-organisation-save"
    )
