import pytest
from django import forms

from gonghui.core.errors import Conflict, Forbidden
from gonghui.core.forms import NOT_SUBMITTED, submit


class AmountForm(forms.Form):
    amount = forms.IntegerField()


def test_submit_calls_the_service_with_the_cleaned_data_and_maps_refusals():
    def service(*, actor, amount):
        if amount == 13:
            raise Conflict("状态不对", field="amount")
        if amount == 403:
            raise Forbidden("越权")
        return (actor, amount)

    assert submit(AmountForm({"amount": "5"}), service, actor="a") == (("a", 5), 200)

    invalid = AmountForm({"amount": "x"})
    assert submit(invalid, service, actor="a") == (NOT_SUBMITTED, 400)

    refused = AmountForm({"amount": "13"})
    assert submit(refused, service, actor="a") == (NOT_SUBMITTED, 409)
    assert refused.errors["amount"] == ["状态不对"]

    with pytest.raises(Forbidden):
        submit(AmountForm({"amount": "403"}), service, actor="a")
