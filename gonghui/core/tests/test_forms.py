import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.shortcuts import redirect

from gonghui.core.errors import Conflict, Forbidden
from gonghui.core.forms import NOT_SUBMITTED, form_action, submit


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


def _post(rf, data):
    request = rf.post("/", data)
    request._messages = CookieStorage(request)
    return request


def _service(*, actor, amount):
    if amount == 13:
        raise Conflict("状态不对", field="amount")
    if amount == 403:
        raise Forbidden("越权")
    return amount * 2


def _action(request, **kwargs):
    form = AmountForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: _service(actor="a", **data),
        invalid=lambda status: HttpResponse(form.errors.as_text(), status=status),
        **kwargs,
    )


def test_form_action_flashes_the_message_and_answers_then_on_success(rf):
    request = _post(rf, {"amount": "5"})
    response = _action(request, done="已保存", then=redirect("/back/"))
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert [m.message for m in get_messages(request)] == ["已保存"]


def test_form_action_passes_the_result_to_done_and_then(rf):
    request = _post(rf, {"amount": "5"})
    response = _action(request, done=lambda n: f"结果{n}", then=lambda n: redirect(f"/item/{n}/"))
    assert response["Location"] == "/item/10/"
    assert [m.message for m in get_messages(request)] == ["结果10"]


def test_form_action_re_renders_an_invalid_form_with_400_and_no_message(rf):
    request = _post(rf, {"amount": "x"})
    response = _action(request, done="已保存", then=redirect("/back/"))
    assert response.status_code == 400
    assert "整数" in response.content.decode()
    assert list(get_messages(request)) == []


def test_form_action_re_renders_a_refusal_with_its_status_beside_the_field(rf):
    request = _post(rf, {"amount": "13"})
    response = _action(request, done="已保存", then=redirect("/back/"))
    assert response.status_code == 409
    assert "状态不对" in response.content.decode()
    assert list(get_messages(request)) == []


def test_form_action_lets_forbidden_propagate(rf):
    request = _post(rf, {"amount": "403"})
    with pytest.raises(Forbidden):
        _action(request, done="已保存", then=redirect("/back/"))
    assert list(get_messages(request)) == []
