"""Workbench pages of a studio's members (add from the host unit's subtree, remove with a
confirmation) and "推荐荣誉" of its lead."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.competitions.studios import selectors as sel
from gonghui.competitions.studios import services as svc
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, attempt, form_action
from gonghui.members.pickers import MemberPickerField

MEMBER_ADDED = "已将「{name}」添加为工作室成员。"
MEMBER_REMOVED = "已将「{name}」移出工作室。"
PUT_FORWARD_DONE = "已将领衔人「{name}」推荐到荣誉评选。"


class MemberAddForm(WorkbenchForm):
    member = MemberPickerField(label="成员", purpose="studio_member")

    def __init__(self, *args, user, studio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_user(user, studio=studio.pk)


@permission_required(Perm.STUDIO_MANAGE)
@require_http_methods(["GET", "POST"])
def studio_member_add_view(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    form = MemberAddForm(request.POST or None, user=request.user, studio=studio)
    ctx = {"form": form, "studio": studio, "title": "添加成员", "submit_label": "添加"}
    if request.method == "POST":
        return form_action(
            request,
            form,
            lambda data: svc.studio_member_add(actor=request.user, studio=studio, **data),
            invalid=lambda status: render(
                request, "competitions/studios/step.html", ctx, status=status
            ),
            done=lambda _: MEMBER_ADDED.format(name=form.cleaned_data["member"].name),
            then=redirect("studios:detail", studio_id=studio.pk),
        )
    return render(request, "competitions/studios/step.html", ctx)


@permission_required(Perm.STUDIO_MANAGE)
@require_http_methods(["GET", "POST"])
def studio_member_remove_view(request, studio_id, member_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    member = sel.access_studio_member(request.user, studio, member_id)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: svc.studio_member_remove(actor=request.user, studio=studio, member=member),
        )
        if done is not NOT_SUBMITTED:
            messages.success(request, MEMBER_REMOVED.format(name=member.name))
        return redirect("studios:detail", studio_id=studio.pk)
    ctx = {"studio": studio, "member": member}
    return render(request, "competitions/studios/member_remove.html", ctx)


@permission_required(Perm.STUDIO_REVIEW)
@require_POST
def studio_put_forward_view(request, studio_id):
    studio = sel.access_studio_by_id(request.user, studio_id)
    done = attempt(request, lambda: svc.studio_lead_put_forward(actor=request.user, studio=studio))
    if done is not NOT_SUBMITTED:
        messages.success(request, PUT_FORWARD_DONE.format(name=studio.lead.name))
    return redirect("studios:detail", studio_id=studio.pk)
