"""The kinds of PDF report the service can make, and what each one needs.

An app that wants a PDF of one of its records registers a `ReportKind`: which model it
is for, which permission a person needs on the record, the template, and how to build
the template's context. The pipeline (request, render, download) stays the same for all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Model
from django.utils import timezone

from accounts.errors import DomainError


class UnknownReportKind(DomainError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"There is no report called “{code}”.")


@dataclass(frozen=True)
class ReportKind:
    code: str
    model_label: str
    permission: str
    template_name: str
    build_context: Callable[[Any], dict[str, Any]]
    title: Callable[[Any], str]
    # The parts that depend on who asked for the report (target, reader) -> context, for a
    # record whose readers see different things (a contract's buyer and its provider).
    reader_context: Callable[[Any, Any], dict[str, Any]] | None = None

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def is_for(self, target: Model) -> bool:
        return target._meta.label_lower == self.model_label.lower()


KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    """Add a kind of report; registering the same code twice is a mistake in the code."""
    if kind.code in KINDS and KINDS[kind.code] != kind:
        raise ValueError(f"A report kind called {kind.code!r} is already registered")
    KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> ReportKind:
    try:
        return KINDS[code]
    except KeyError:
        raise UnknownReportKind(code) from None


# --- The tender pack -----------------------------------------------------------------
UK_TIME = ZoneInfo("Europe/London")


def uk_time(moment: datetime.datetime | None) -> str:
    """A moment as UK readers expect it, whatever the worker's clock: '7 May 2027 at 5:30pm'."""
    if moment is None:
        return ""
    local = moment.astimezone(UK_TIME)
    clock = f"{local:%I}".lstrip("0") + (f":{local:%M}" if local.minute else "")
    return f"{local.day} {local:%B %Y} at {clock}{local:%p}".replace("AM", "am").replace("PM", "pm")


def _money(value: Decimal | None) -> str:
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def _tender_pack_context(tender: Any) -> dict[str, Any]:
    from commissioning.models import SectionKind
    from procurement.models import Tender

    # Read everything the pack shows in a fixed number of queries, whatever its size.
    tender = (
        Tender.objects.select_related(
            "organisation", "commission", "specification_version__specification"
        )
        .prefetch_related("commission__missions", "questions")
        .get(pk=tender.pk)
    )
    kind_labels = dict(SectionKind.choices)
    snapshot = tender.specification_version.snapshot or {}
    sections = [
        {
            "heading": section.get("heading", ""),
            "body": section.get("body", ""),
            "kind": section.get("kind", ""),
            "kind_label": kind_labels.get(section.get("kind", ""), ""),
        }
        for section in snapshot.get("sections", [])
    ]
    return {
        "tender": tender,
        "buyer": tender.organisation,
        "missions": list(tender.commission.missions.all()),
        "specification_version": tender.specification_version,
        "sections": sections,
        "questions": list(tender.questions.all()),
        "estimated_value": _money(tender.estimated_value),
        "clarification_deadline": uk_time(tender.clarification_deadline),
        "submission_deadline": uk_time(tender.submission_deadline),
        "made_at": uk_time(timezone.now()),
    }


def _tender_pack_title(tender: Any) -> str:
    return f"Tender pack: {tender.title} ({tender.reference})"


TENDER_PACK = register(
    ReportKind(
        code="tender_pack",
        model_label="procurement.Tender",
        permission="tender.view",
        template_name="reports/pdf/tender_pack.html",
        build_context=_tender_pack_context,
        title=_tender_pack_title,
    )
)
