"""How commissioning's statuses look as GOV.UK tags (registered in `apps.py`)."""

from __future__ import annotations

from commissioning.models import (
    CommentStatus,
    Commission,
    CommissionStatus,
    Mission,
    MissionStatus,
    PublicComment,
    Requirement,
    RequirementKind,
)
from commissioning.specifications.versions import VersionChange
from commissioning.trends import TrendStatus
from core.status_tags import register

register(
    MissionStatus,
    {
        MissionStatus.DRAFT: "grey",
        MissionStatus.ACTIVE: "green",
        MissionStatus.ACHIEVED: "turquoise",
        MissionStatus.RETIRED: "grey",
    },
    fields=((Mission, "status"),),
)
register(
    CommissionStatus,
    {
        CommissionStatus.SCOPING: "grey",
        CommissionStatus.OPTIONS_APPRAISAL: "light-blue",
        CommissionStatus.ROUTE_DECIDED: "turquoise",
        CommissionStatus.IN_PROCUREMENT: "blue",
        CommissionStatus.IN_DELIVERY: "green",
        CommissionStatus.UNDER_REVIEW: "yellow",
        CommissionStatus.CLOSED: "grey",
    },
    fields=((Commission, "status"),),
)
register(
    CommentStatus,
    {
        CommentStatus.UNCONFIRMED: "grey",
        CommentStatus.PENDING: "yellow",
        CommentStatus.PUBLISHED: "green",
        CommentStatus.HIDDEN: "red",
        CommentStatus.WITHDRAWN: "purple",
    },
    fields=((PublicComment, "status"),),
)
# Not a lifecycle, but shown as a tag beside every requirement.
register(
    RequirementKind,
    {
        RequirementKind.NON_NEGOTIABLE: "red",
        RequirementKind.OPEN_FOR_DIALOGUE: "blue",
        RequirementKind.PREFERENCE: "grey",
    },
    fields=((Requirement, "kind"),),
)
register(
    VersionChange,
    {
        VersionChange.ADDED: "green",
        VersionChange.REMOVED: "red",
        VersionChange.CHANGED: "yellow",
        VersionChange.UNCHANGED: "grey",
    },
)
register(
    TrendStatus,
    {
        TrendStatus.NO_READINGS: "grey",
        TrendStatus.ON_TRACK: "green",
        TrendStatus.OFF_TRACK: "red",
        TrendStatus.CANNOT_TELL: "yellow",
    },
)
