import pytest

from tests.contracts.factories import CheckInFactory
from tests.procurement.factories import BidAnswerFactory

pytestmark = pytest.mark.django_db


def test_a_bid_answer_belongs_to_a_question_of_the_same_tender():
    answer = BidAnswerFactory()
    assert answer.question.tender_id == answer.bid.tender_id
    assert answer.bid.tender.specification_version.specification.commission == (
        answer.bid.tender.commission
    )


def test_a_checkin_has_a_contract_with_a_provider():
    checkin = CheckInFactory()
    assert checkin.contract.provider.kind == "supplier"
