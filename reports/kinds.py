"""The kinds of PDF report the service can make, and what each one needs.

An app that wants a PDF of one of its records registers a `ReportKind`: which model it
is for, which permission a person needs on the record, the template, and how to build
the template's context. The pipeline (request, render, download) stays the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model

from core.errors import DomainError


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
