"""What each API record shows: named fields only, so a new column on a model never
appears in the API by accident. Nothing here reads bids, outlines, feedback,
clarifications or people (no names, no emails)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation
from commissioning.models import Commission, Indicator, Mission, Outcome
from contracts.models import Contract
from dialogue.models import OpportunityIndex
from procurement.models import Tender


class _Link(serializers.Field):
    """The absolute URL of a record's page for people."""

    def __init__(self, url_name: str, **kwargs: Any) -> None:
        self.url_name = url_name
        super().__init__(source="pk", read_only=True, **kwargs)

    def to_representation(self, pk: int) -> str:
        path = reverse(self.url_name, args=[pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


@extend_schema_field({"type": "string", "format": "uri"})
class PageLink(_Link):
    pass


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["name", "slug"]


class ProviderSerializer(serializers.ModelSerializer):
    supplier_type = serializers.CharField(help_text="micro, small, medium, large, charity…")

    class Meta:
        model = Organisation
        fields = ["name", "slug", "supplier_type"]


class MissionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mission
        fields = ["id", "title"]


# --- Opportunities --------------------------------------------------------------------------
class OpportunitySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="tender_id")
    reference = serializers.CharField(source="tender.reference")
    buyer = OrganisationSerializer(source="organisation")
    missions = serializers.SerializerMethodField()
    clarification_deadline = serializers.DateTimeField(source="tender.clarification_deadline")
    published_at = serializers.DateTimeField(source="tender.published_at")
    url = PageLink("procurement:tender_detail")

    class Meta:
        model = OpportunityIndex
        fields = [
            "id",
            "reference",
            "title",
            "summary",
            "buyer",
            "missions",
            "spend_category",
            "estimated_value",
            "value_band",
            "procedure",
            "status",
            "published_at",
            "clarification_deadline",
            "submission_deadline",
            "suitable_for_small",
            "url",
        ]

    def get_missions(self, row: OpportunityIndex) -> list[int]:
        """Ids of the missions the tender serves (public missions only)."""
        shown = self.context.get("public_mission_ids", set())
        return [pk for pk in row.mission_ids if pk in shown]


# --- Contracts ------------------------------------------------------------------------------
class ContractSerializer(serializers.ModelSerializer):
    buyer = OrganisationSerializer(source="organisation")
    provider = serializers.SerializerMethodField()
    missions = MissionRefSerializer(many=True)
    tender_reference = serializers.SerializerMethodField()
    url = PageLink("home:public_contract")

    class Meta:
        model = Contract
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "buyer",
            "provider",
            "value",
            "start_date",
            "end_date",
            "missions",
            "tender_reference",
            "url",
        ]

    @extend_schema_field(ProviderSerializer)
    def get_provider(self, contract: Contract) -> dict[str, Any]:
        """The provider organisation, or for an in-house team only its name."""
        if contract.provider_id:
            return ProviderSerializer(contract.provider).data
        return {"name": contract.provider_name}

    def get_tender_reference(self, contract: Contract) -> str | None:
        tender = contract.tender
        return tender.reference if tender and tender.published_at else None


class PublicContractSerializer(ContractSerializer):
    summary = serializers.SerializerMethodField()

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "summary"]

    def get_summary(self, contract: Contract) -> str:
        """What was bought: the published tender's summary, else the commission's public
        summary once published (never its internal summary)."""
        if contract.tender and contract.tender.published_at:
            return contract.tender.summary
        return contract.commission.published_summary if contract.commission else ""


class SocialValueSerializer(serializers.Serializer):
    measure = serializers.CharField(source="label")
    unit = serializers.CharField()
    promised = serializers.DecimalField(max_digits=14, decimal_places=2)
    delivered = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Verified by the council only."
    )


class PublicContractDetailSerializer(PublicContractSerializer):
    social_value = SocialValueSerializer(many=True, source="social_value_rows")

    class Meta(PublicContractSerializer.Meta):
        fields = [*PublicContractSerializer.Meta.fields, "social_value"]


# --- Missions and outcomes ------------------------------------------------------------------
class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "data_source",
        ]


class OutcomeSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = Outcome
        fields = ["id", "mission", "title", "description", "position", "indicators"]


class MissionSerializer(serializers.ModelSerializer):
    council = OrganisationSerializer(source="organisation")
    outcomes = OutcomeSerializer(many=True)
    url = PageLink("home:public_mission")

    class Meta:
        model = Mission
        fields = [
            "id",
            "title",
            "statement",
            "narrative",
            "status",
            "target_date",
            "council",
            "outcomes",
            "url",
        ]


# --- An organisation's own ------------------------------------------------------------------
class OwnTenderSerializer(serializers.ModelSerializer):
    commission = serializers.IntegerField(source="commission_id")
    submitted_bids = serializers.IntegerField(help_text="How many bids were submitted.")
    url = PageLink("procurement:tender_detail")

    class Meta:
        model = Tender
        fields = [
            "id",
            "reference",
            "title",
            "summary",
            "status",
            "procedure",
            "estimated_value",
            "clarification_deadline",
            "submission_deadline",
            "published_at",
            "awarded_at",
            "commission",
            "submitted_bids",
            "created_at",
            "updated_at",
            "url",
        ]


class OwnContractSerializer(ContractSerializer):
    commission = serializers.IntegerField(source="commission_id", allow_null=True)
    url = PageLink("contracts:contract_detail")

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "commission"]


class OwnCommissionSerializer(serializers.ModelSerializer):
    missions = MissionRefSerializer(many=True)
    url = PageLink("commissioning:commission_detail")

    class Meta:
        model = Commission
        fields = [
            "id",
            "title",
            "summary",
            "status",
            "spend_category",
            "budget_min",
            "budget_max",
            "missions",
            "created_at",
            "updated_at",
            "url",
        ]


# --- Query parameters ---------------------------------------------------------------------
class _Query(serializers.Serializer):
    """Query parameters: unknown values are refused with 400 rather than ignored."""


class OpportunityQuery(_Query):
    q = serializers.CharField(required=False, help_text="Words, as a web search reads them.")
    buyer = serializers.IntegerField(required=False, help_text="A buyer organisation's id.")
    mission = serializers.IntegerField(required=False)
    place = serializers.IntegerField(required=False)
    category = serializers.CharField(required=False, help_text="A spend category.")
    value_band = serializers.ChoiceField(
        choices=OpportunityIndex._meta.get_field("value_band").choices, required=False
    )
    deadline_before = serializers.DateField(required=False)
    procedure = serializers.ChoiceField(
        choices=OpportunityIndex._meta.get_field("procedure").choices, required=False
    )
    suitable_for_small = serializers.BooleanField(required=False, default=False)


class _Dates(_Query):
    def date_pair(self, prefix: str) -> tuple[Any, Any]:
        data = self.validated_data
        return data.get(f"{prefix}_after"), data.get(f"{prefix}_before")


class ContractQuery(_Dates):
    buyer = serializers.SlugField(required=False, help_text="A council's slug.")
    status = serializers.ChoiceField(
        choices=Contract._meta.get_field("status").choices, required=False
    )
    kind = serializers.ChoiceField(choices=Contract._meta.get_field("kind").choices, required=False)
    mission = serializers.IntegerField(required=False)
    provider_type = serializers.ChoiceField(
        choices=["micro", "small", "medium", "large", "vcse"], required=False
    )
    starts_after = serializers.DateField(required=False, help_text="Starts on or after.")
    starts_before = serializers.DateField(required=False, help_text="Starts on or before.")
    ends_after = serializers.DateField(required=False, help_text="Ends on or after.")
    ends_before = serializers.DateField(required=False, help_text="Ends on or before.")


class MissionQuery(_Query):
    council = serializers.SlugField(required=False, help_text="A council's slug.")
    status = serializers.ChoiceField(
        choices=[("active", "Active"), ("achieved", "Achieved"), ("retired", "Retired")],
        required=False,
    )


class OutcomeQuery(_Query):
    mission = serializers.IntegerField(required=False)


class TenderQuery(_Dates):
    status = serializers.ChoiceField(
        choices=Tender._meta.get_field("status").choices, required=False
    )
    procedure = serializers.ChoiceField(
        choices=Tender._meta.get_field("procedure").choices, required=False
    )
    deadline_after = serializers.DateField(required=False, help_text="Deadline on or after.")
    deadline_before = serializers.DateField(required=False, help_text="Deadline on or before.")


class CommissionQuery(_Query):
    status = serializers.ChoiceField(
        choices=Commission._meta.get_field("status").choices, required=False
    )
    mission = serializers.IntegerField(required=False)
