"""Portal pages of honor rounds: 公示 of the candidates (name, union, deeds summary; never an ID
number or phone) and a worker's named objection (namespace `honors_portal`, at `/m/honors/`)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import public
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import CleanTextForm
from gonghui.honors.rounds.selectors import (
    publicity_nomination,
    publicity_nominations,
    publicity_round,
    publicity_rounds,
)
from gonghui.honors.rounds.services import objection_file
from gonghui.portal.auth import current_worker, worker_required

OBJECTION_DONE = "您的反映已提交，组织单位将核查处理。"

app_name = "honors_portal"


class ObjectionForm(CleanTextForm):
    name = forms.CharField(label="您的姓名", max_length=40)
    contact = forms.CharField(label="联系电话", max_length=20)
    text = forms.CharField(
        label="反映的问题", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


@public
def rounds(request):
    return render(request, "portal/honors/rounds.html", {"rounds": publicity_rounds()})


@public
def round_detail(request, round_id):
    rnd = publicity_round(round_id)
    ctx = {"round": rnd, "nominations": publicity_nominations(rnd)}
    return render(request, "portal/honors/round.html", ctx)


@worker_required
@require_http_methods(["GET", "POST"])
def objection(request, round_id, nomination_id):
    rnd = publicity_round(round_id)
    n = publicity_nomination(rnd, nomination_id)
    worker = current_worker(request)
    initial = {"name": worker.name, "contact": worker.phone}
    form = ObjectionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                objection_file(nomination=n, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(
                    exc.field
                    if exc.field in form.fields
                    else "contact"
                    if exc.field == "phone"
                    else None,
                    exc.message,
                )
            else:
                messages.success(request, OBJECTION_DONE)
                return redirect("honors_portal:round", round_id=rnd.pk)
        status = 400
    ctx = {"round": rnd, "n": n, "form": form}
    return render(request, "portal/honors/objection.html", ctx, status=status)


urlpatterns = [
    path("", rounds, name="rounds"),
    path("<int:round_id>/", round_detail, name="round"),
    path("<int:round_id>/<int:nomination_id>/objection/", objection, name="objection"),
]
