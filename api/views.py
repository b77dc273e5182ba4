"""The read API's endpoints: thin views over api/selectors.py.

Public lists answer anyone; `organisation/…` lists answer a token of the organisation
only. Every endpoint reads; anything but GET, HEAD or OPTIONS is 405.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import selectors
from api import serializers as api_serializers
from api.permissions import OwnBuyingRecords, OwnRecords
from dialogue.selectors import OpportunityFilters
from social_value.selectors import commitments_for, promised_vs_delivered

OWN_RECORDS = "Your organisation's records (needs a token)"
PUBLIC = "Public records"


class _Filtered:
    """Reads the query string through a serializer; bad values are a 400 with reasons."""

    query_class: type[serializers.Serializer]
    request: Request

    def query(self) -> Any:
        query = self.query_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query


class _Dates:
    @staticmethod
    def range(query: Any, prefix: str) -> selectors.DateRange:
        after, before = query.date_pair(prefix)
        return selectors.DateRange(after=after, before=before)


class ApiDocs(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package's static files. The split view sends its
    start-up script as a separate file, so the page needs no inline script, and the
    template (templates/drf_spectacular/swagger_ui.html) has no inline style: it passes
    the Content Security Policy as it is."""

    url_name = "api:schema"
    title = "Kindred read API"
    # A page for people, in the site's layout: a token is no person to show it to, so a
    # request that sends one reads the page as anyone does.
    authentication_classes: list = []


# --- Index -------------------------------------------------------------------------------------
@extend_schema(exclude=True)
class Index(APIView):
    """Where everything is: the endpoints, the schema and the docs."""

    def get(self, request: Request) -> Response:
        def link(name: str) -> str:
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "opportunities": link("api:opportunity_list"),
                "contracts": link("api:contract_list"),
                "missions": link("api:mission_list"),
                "outcomes": link("api:outcome_list"),
                "organisation_tenders": link("api:own_tender_list"),
                "organisation_contracts": link("api:own_contract_list"),
                "organisation_commissions": link("api:own_commission_list"),
                "schema": link("api:schema"),
                "docs": link("api:docs"),
                "licence": "Open Government Licence v3.0",
            }
        )


# --- Opportunities ---------------------------------------------------------------------------
class _Opportunities(_Filtered):
    query_class = api_serializers.OpportunityQuery

    def get_queryset(self) -> QuerySet:
        data = self.query().validated_data
        return selectors.opportunities(
            OpportunityFilters(
                q=data.get("q", ""),
                organisation=data.get("buyer"),
                mission=data.get("mission"),
                place=data.get("place"),
                category=data.get("category", ""),
                value_band=data.get("value_band", ""),
                deadline_before=data.get("deadline_before"),
                procedure=data.get("procedure", ""),
                small=data.get("suitable_for_small", False),
            )
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "public_mission_ids": self._mission_ids}

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        rows = args[0] if args else []
        rows = rows if isinstance(rows, list | tuple) else [rows]
        self._mission_ids = selectors.public_mission_ids(
            {pk for row in rows for pk in row.mission_ids}
        )
        return super().get_serializer(*args, **kwargs)


@extend_schema(tags=[PUBLIC], parameters=[api_serializers.OpportunityQuery])
class OpportunityList(_Opportunities, generics.ListAPIView):
    """Tenders open for bids now, as the opportunity search finds them: soonest deadline
    first, or best match first with `q`."""

    serializer_class = api_serializers.OpportunitySerializer


@extend_schema(tags=[PUBLIC])
class OpportunityDetail(_Opportunities, generics.RetrieveAPIView):
    """One open opportunity (404 once its deadline has passed)."""

    serializer_class = api_serializers.OpportunitySerializer
    lookup_field = "tender_id"
    lookup_url_kwarg = "pk"

    def get_queryset(self) -> QuerySet:
        return selectors.opportunities(OpportunityFilters())


# --- Contracts -------------------------------------------------------------------------------
class _ContractQuery(_Filtered, _Dates):
    query_class = api_serializers.ContractQuery

    def filters(self) -> selectors.ContractFilters:
        query = self.query()
        data = query.validated_data
        return selectors.ContractFilters(
            buyer=data.get("buyer", ""),
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            mission=data.get("mission"),
            provider_type=data.get("provider_type", ""),
            starts=self.range(query, "starts"),
            ends=self.range(query, "ends"),
        )


@extend_schema(tags=[PUBLIC], parameters=[api_serializers.ContractQuery])
class ContractList(_ContractQuery, generics.ListAPIView):
    """Contracts councils have made (tendered, in-house, grants and partnerships), newest
    start first, with their public fields only."""

    serializer_class = api_serializers.PublicContractSerializer

    def get_queryset(self) -> QuerySet:
        return selectors.public_contracts(self.filters())


@extend_schema(tags=[PUBLIC])
class ContractDetail(generics.RetrieveAPIView):
    """One contract, with the social value its provider promised and what verified
    returns show was delivered."""

    serializer_class = api_serializers.PublicContractDetailSerializer

    def get_queryset(self) -> QuerySet:
        return selectors.public_contracts()

    def get_object(self) -> Any:
        contract = super().get_object()
        contract.social_value_rows = promised_vs_delivered(commitments_for(contract))
        return contract


# --- Missions and outcomes ---------------------------------------------------------------------
@extend_schema(tags=[PUBLIC], parameters=[api_serializers.MissionQuery])
class MissionList(_Filtered, generics.ListAPIView):
    """Councils' missions (never drafts), each with its outcomes and their indicators."""

    serializer_class = api_serializers.MissionSerializer
    query_class = api_serializers.MissionQuery

    def get_queryset(self) -> QuerySet:
        data = self.query().validated_data
        return selectors.missions(
            selectors.MissionFilters(council=data.get("council", ""), status=data.get("status", ""))
        )


@extend_schema(tags=[PUBLIC])
class MissionDetail(generics.RetrieveAPIView):
    serializer_class = api_serializers.MissionSerializer

    def get_queryset(self) -> QuerySet:
        return selectors.missions()


@extend_schema(tags=[PUBLIC], parameters=[api_serializers.OutcomeQuery])
class OutcomeList(_Filtered, generics.ListAPIView):
    """Outcomes of every public mission, each with its indicators."""

    serializer_class = api_serializers.OutcomeSerializer
    query_class = api_serializers.OutcomeQuery

    def get_queryset(self) -> QuerySet:
        return selectors.outcomes(mission=self.query().validated_data.get("mission"))


# --- An organisation's own ---------------------------------------------------------------------
@extend_schema(tags=[OWN_RECORDS], parameters=[api_serializers.TenderQuery])
class OwnTenderList(_Filtered, _Dates, generics.ListAPIView):
    """The council's tenders, drafts included, newest deadline first."""

    serializer_class = api_serializers.OwnTenderSerializer
    permission_classes = [OwnBuyingRecords]
    query_class = api_serializers.TenderQuery

    def get_queryset(self) -> QuerySet:
        query = self.query()
        data = query.validated_data
        return selectors.own_tenders(
            self.request.user.organisation,
            selectors.TenderFilters(
                status=data.get("status", ""),
                procedure=data.get("procedure", ""),
                deadline=self.range(query, "deadline"),
            ),
        )


@extend_schema(tags=[OWN_RECORDS], parameters=[api_serializers.ContractQuery])
class OwnContractList(_ContractQuery, generics.ListAPIView):
    """The organisation's register: a council's contracts, or the contracts a supplier
    provides, soonest ending first."""

    serializer_class = api_serializers.OwnContractSerializer
    permission_classes = [OwnRecords]

    def get_queryset(self) -> QuerySet:
        return selectors.own_contracts(self.request.user.organisation, self.filters())


@extend_schema(tags=[OWN_RECORDS], parameters=[api_serializers.CommissionQuery])
class OwnCommissionList(_Filtered, generics.ListAPIView):
    """The council's commissions, most recently changed first."""

    serializer_class = api_serializers.OwnCommissionSerializer
    permission_classes = [OwnBuyingRecords]
    query_class = api_serializers.CommissionQuery

    def get_queryset(self) -> QuerySet:
        data = self.query().validated_data
        return selectors.own_commissions(
            self.request.user.organisation,
            selectors.CommissionFilters(status=data.get("status", ""), mission=data.get("mission")),
        )
