"""Workbench pages of the honoree registry: list, detail, unmask, contact, death, 困难 flag,
allowances and care records of one honoree, and the historical import."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, attempt, form_action, submit_with
from gonghui.honors.care.forms import (
    AllowanceForm,
    CareForm,
    ContactForm,
    DeathForm,
    HonoreeFilterForm,
    ImportForm,
    RecuperationForm,
    RevokeForm,
)
from gonghui.honors.care.import_kinds import HONOREES
from gonghui.honors.care.imports import template_xlsx
from gonghui.honors.care.selectors import (
    access_honor_by_id,
    access_honoree_by_id,
    honoree_allowances,
    honoree_cares,
    honoree_honors,
    honoree_list,
)
from gonghui.honors.care.services import (
    allowance_create,
    can_unmask,
    care_record_add,
    honoree_participations,
    honoree_recommend_recuperation,
    honoree_record_death,
    honoree_set_hardship,
    honoree_unmask,
    honoree_update_contact,
    open_batches,
)
from gonghui.honors.rounds.services import honor_revoke
from gonghui.imports.jobs import import_job_create
from gonghui.imports.models import ImportJob, ImportMode

CONTACT_DONE = "联系信息已保存。"
DEATH_DONE = "已登记「{name}」去世，此后不再发放待遇。"
HARDSHIP_ON = "已将「{name}」标记为困难劳模。"
HARDSHIP_OFF = "已取消「{name}」的困难劳模标记。"
ALLOWANCE_DONE = "已登记一笔待遇发放。"
CARE_DONE = "已登记关爱记录。"
RECUPERATION_DONE = "已推荐「{name}」参加「{batch}」疗休养。"
REVOKE_DONE = "已撤销「{title}」（{year}年）。"


@permission_required(Perm.HONOREE_VIEW)
def honoree_list_view(request):
    form = HonoreeFilterForm(request.GET)
    honorees = honoree_list(user=request.user, **form.filters())
    page = Paginator(honorees, settings.MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "honors/care/list.html", {"form": form, "page_obj": page})


def _detail(request, honoree, status=200, **extra):
    context = {
        "honoree": honoree,
        "honors": honoree_honors(honoree),
        "allowances": honoree_allowances(honoree)[:50],
        "cares": honoree_cares(honoree)[:50],
        "can_unmask": can_unmask(request.user),
        "contact_form": ContactForm(initial={"employer": honoree.employer, "post": honoree.post}),
        "death_form": DeathForm(),
        "allowance_form": AllowanceForm(auto_id="id_allowance_%s"),
        "care_form": CareForm(auto_id="id_care_%s"),
        "participations": honoree_participations(honoree)[:50],
        "recuperation_form": RecuperationForm(
            batches=open_batches(user=request.user, honoree=honoree)
        ),
        "revoke_honor_id": None,
    }
    context.update(extra)
    context["honors"] = honors = list(context["honors"])
    for honor in honors:
        # One revoke form per row, with its own ids (the one just refused keeps its errors).
        failed = context["revoke_honor_id"] == honor.pk
        honor.revoke_form = extra["revoke_form"] if failed else RevokeForm(honor_id=honor.pk)
    return render(request, "honors/care/detail.html", context, status=status)


@permission_required(Perm.HONOREE_VIEW)
def honoree_detail(request, pk):
    return _detail(request, access_honoree_by_id(request.user, pk))


@never_cache
@permission_required(Perm.HONOREE_VIEW)
@require_POST
def honoree_unmask_view(request, pk):
    """The full ID number and phone, once; the service checks the grant and audits."""
    honoree = access_honoree_by_id(request.user, pk)
    pii = honoree_unmask(actor=request.user, honoree=honoree)
    if request.htmx:
        return render(request, "honors/care/_pii.html", {"honoree": honoree, "pii": pii})
    return _detail(request, honoree, pii=pii)


@permission_required(Perm.HONOREE_MANAGE)
@require_POST
def honoree_contact(request, pk):
    honoree = access_honoree_by_id(request.user, pk)
    form = ContactForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: honoree_update_contact(actor=request.user, honoree=honoree, **data),
        invalid=lambda status: _detail(request, honoree, status=status, contact_form=form),
        done=CONTACT_DONE,
        then=redirect("honors:honoree", pk=honoree.pk),
    )


@permission_required(Perm.HONOREE_MANAGE)
@require_POST
def honoree_death(request, pk):
    honoree = access_honoree_by_id(request.user, pk)
    form = DeathForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: honoree_record_death(actor=request.user, honoree=honoree, **data),
        invalid=lambda status: _detail(request, honoree, status=status, death_form=form),
        done=lambda _: DEATH_DONE.format(name=honoree.name),
        then=redirect("honors:honoree", pk=honoree.pk),
    )


@permission_required(Perm.HONOREE_MANAGE)
@require_POST
def honoree_hardship(request, pk):
    honoree = access_honoree_by_id(request.user, pk)
    flag = request.POST.get("hardship") == "1"
    done = attempt(
        request,
        lambda: honoree_set_hardship(actor=request.user, honoree=honoree, hardship=flag),
    )
    if done is not NOT_SUBMITTED:
        messages.success(request, (HARDSHIP_ON if flag else HARDSHIP_OFF).format(name=honoree.name))
    return redirect("honors:honoree", pk=honoree.pk)


@permission_required(Perm.ALLOWANCE_MANAGE)
@require_POST
def honoree_allowance(request, pk):
    honoree = access_honoree_by_id(request.user, pk)
    form = AllowanceForm(request.POST, auto_id="id_allowance_%s")
    return form_action(
        request,
        form,
        lambda data: allowance_create(actor=request.user, honoree=honoree, **data),
        invalid=lambda status: _detail(request, honoree, status=status, allowance_form=form),
        done=ALLOWANCE_DONE,
        then=redirect("honors:honoree", pk=honoree.pk),
    )


@permission_required(Perm.HONOREE_MANAGE)
@require_POST
def honoree_care(request, pk):
    honoree = access_honoree_by_id(request.user, pk)
    form = CareForm(request.POST, auto_id="id_care_%s")
    return form_action(
        request,
        form,
        lambda data: care_record_add(actor=request.user, honoree=honoree, **data),
        invalid=lambda status: _detail(request, honoree, status=status, care_form=form),
        done=CARE_DONE,
        then=redirect("honors:honoree", pk=honoree.pk),
    )


@permission_required(Perm.RECUPERATION_MANAGE)
@require_POST
def honoree_recuperation(request, pk):
    """「推荐疗休养」: the 疗休养 app's refusals (quota, twice, departed) as form errors."""
    honoree = access_honoree_by_id(request.user, pk)
    form = RecuperationForm(request.POST, batches=open_batches(user=request.user, honoree=honoree))
    return form_action(
        request,
        form,
        lambda data: honoree_recommend_recuperation(
            actor=request.user, honoree=honoree, batch=data["batch"]
        ),
        invalid=lambda status: _detail(request, honoree, status=status, recuperation_form=form),
        done=lambda result: RECUPERATION_DONE.format(name=honoree.name, batch=result.batch.name),
        then=redirect("honors:honoree", pk=honoree.pk),
    )


@permission_required(Perm.HONOR_MANAGE)
@require_POST
def honoree_revoke(request, pk, honor_id):
    """撤销荣誉: the conferring union's decision (the service checks the conferrer's scope)."""
    honor = access_honor_by_id(request.user, honor_id, honoree_id=pk)
    honoree = access_honoree_by_id(request.user, honor.honoree_id)
    form = RevokeForm(request.POST, honor_id=honor.pk)
    return form_action(
        request,
        form,
        lambda data: honor_revoke(actor=request.user, honor=honor, **data),
        invalid=lambda status: _detail(
            request, honoree, status=status, revoke_form=form, revoke_honor_id=honor.pk
        ),
        done=lambda _: REVOKE_DONE.format(title=honor.honor_type.title, year=honor.year),
        then=redirect("honors:honoree", pk=honoree.pk),
    )


@permission_required(Perm.HONOREE_MANAGE)
@require_http_methods(["GET", "POST"])
def honoree_import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job, _ = submit_with(
            form,
            lambda data: import_job_create(
                actor=request.user, kind=HONOREES, upload=data["file"], mode=ImportMode.ALL
            ),
        )
        if job is not NOT_SUBMITTED:
            return redirect("imports:job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user, kind=HONOREES)[:10]
    status = 400 if request.method == "POST" else 200
    return render(
        request, "honors/care/import.html", {"form": form, "recent": recent}, status=status
    )


@permission_required(Perm.HONOREE_VIEW)
def honoree_import_template(request):
    return FileResponse(template_xlsx(), as_attachment=True, filename="历史荣誉导入模板.xlsx")
