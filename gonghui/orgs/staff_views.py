"""工作人员账号: the 系统管理员's pages over the staff accounts of his subtree (Perm.STAFF_MANAGE).

They live in orgs because they pick unions and scope by the tree; the writes are accounts'
services (`accounts.services`, `accounts.staff_services`).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.grants import can_unmask
from gonghui.accounts.permissions import Perm
from gonghui.accounts.services import user_create, user_deactivate
from gonghui.accounts.staff_services import (
    pii_grant_holders,
    user_password_reset,
    user_pii_grant,
    user_pii_revoke,
    user_reactivate,
    user_roles,
    user_update,
)
from gonghui.core.forms import NOT_SUBMITTED, attempt, submit, submit_with
from gonghui.core.paging import CachedCountPaginator
from gonghui.orgs.pickers import with_path_names
from gonghui.orgs.staff_forms import (
    PasswordResetForm,
    StaffCreateForm,
    StaffEditForm,
    StaffFilterForm,
)
from gonghui.orgs.staff_selectors import access_staff_by_id, staff_list, with_roles

PAGE_SIZE = 30
STAFF_CREATE_DONE = "已新建账号「{username}」。请把初始密码当面或通过其他安全渠道告知本人。"
STAFF_EDIT_DONE = "账号信息已保存。"
STAFF_EDIT_UNCHANGED = "没有修改任何内容。"
STAFF_PASSWORD_DONE = "已重置「{username}」的密码，该账号原有的登录和接口令牌已失效。"
STAFF_DEACTIVATE_DONE = "已停用账号「{username}」，其登录和接口令牌已立即失效。"
STAFF_REACTIVATE_DONE = "已启用账号「{username}」。"
STAFF_GRANT_DONE = "已授予「{username}」查看完整个人信息的权限。"
STAFF_REVOKE_DONE = "已收回「{username}」查看完整个人信息的权限。"


@permission_required(Perm.STAFF_MANAGE)
def staff_list_view(request):
    form = StaffFilterForm(request.GET, user=request.user)
    form.is_valid()  # an invalid filter is dropped, the valid ones kept
    data = form.cleaned_data
    accounts = staff_list(
        user=request.user,
        q=data.get("q", ""),
        org=data.get("org"),
        role=data.get("role", ""),
        state=data.get("state", ""),
    )
    page = CachedCountPaginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    with_roles(page.object_list)
    return render(request, "orgs/staff/list.html", {"form": form, "page_obj": page})


@sensitive_post_parameters("password", "password2")
@permission_required(Perm.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffCreateForm(request.POST or None, user=request.user)
    if request.method == "POST":
        user, _ = submit(form, user_create, actor=request.user)
        if user is not NOT_SUBMITTED:
            messages.success(request, STAFF_CREATE_DONE.format(username=user.username))
            return redirect("orgs:staff_detail", staff_id=user.pk)
    return render(request, "orgs/staff/form.html", {"form": form, "creating": True})


@permission_required(Perm.STAFF_MANAGE)
def staff_detail(request, staff_id):
    account = access_staff_by_id(request.user, staff_id)
    if account.org is not None:
        with_path_names([account.org])
    context = {
        "account": account,
        "roles": user_roles(account),
        "grant_holders": pii_grant_holders(account),
        "can_grant": can_unmask(request.user) and account.pk != request.user.pk,
        "is_self": account.pk == request.user.pk,
    }
    return render(request, "orgs/staff/detail.html", context)


@permission_required(Perm.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_edit(request, staff_id):
    account = access_staff_by_id(request.user, staff_id)
    initial = {"full_name": account.full_name, "org": account.org_id, "roles": user_roles(account)}
    form = StaffEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":
        changes, _ = submit(form, user_update, actor=request.user, user=account)
        if changes is not NOT_SUBMITTED:
            messages.success(request, STAFF_EDIT_DONE if changes else STAFF_EDIT_UNCHANGED)
            return redirect("orgs:staff_detail", staff_id=account.pk)
    context = {"form": form, "account": account, "creating": False}
    return render(request, "orgs/staff/form.html", context)


@sensitive_post_parameters("password", "password2")
@never_cache
@permission_required(Perm.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_password(request, staff_id):
    """重置密码: the 系统管理员 sets a new password, given twice."""
    account = access_staff_by_id(request.user, staff_id)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST":
        done, _ = submit_with(
            form,
            lambda data: user_password_reset(
                actor=request.user, user=account, password=data["password"]
            ),
        )
        if done is not NOT_SUBMITTED:
            messages.success(request, STAFF_PASSWORD_DONE.format(username=account.username))
            return redirect("orgs:staff_detail", staff_id=account.pk)
    return render(request, "orgs/staff/password.html", {"form": form, "account": account})


@permission_required(Perm.STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_deactivate(request, staff_id):
    """GET asks for confirmation; POST deactivates."""
    account = access_staff_by_id(request.user, staff_id)
    if request.method == "POST":
        done = attempt(request, lambda: user_deactivate(actor=request.user, user=account))
        if done is not NOT_SUBMITTED:
            messages.success(request, STAFF_DEACTIVATE_DONE.format(username=account.username))
        return redirect("orgs:staff_detail", staff_id=account.pk)
    return render(request, "orgs/staff/deactivate.html", {"account": account})


def _button(request, staff_id, call, done: str):
    """A POST button of the account's page: do `call(account)`, show the outcome, go back."""
    account = access_staff_by_id(request.user, staff_id)
    if attempt(request, lambda: call(account)) is not NOT_SUBMITTED:
        messages.success(request, done.format(username=account.username))
    return redirect("orgs:staff_detail", staff_id=account.pk)


@permission_required(Perm.STAFF_MANAGE)
@require_POST
def staff_reactivate(request, staff_id):
    return _button(
        request,
        staff_id,
        lambda account: user_reactivate(actor=request.user, user=account),
        STAFF_REACTIVATE_DONE,
    )


@permission_required(Perm.STAFF_MANAGE)
@require_POST
def staff_grant_pii(request, staff_id):
    return _button(
        request,
        staff_id,
        lambda account: user_pii_grant(actor=request.user, user=account),
        STAFF_GRANT_DONE,
    )


@permission_required(Perm.STAFF_MANAGE)
@require_POST
def staff_revoke_pii(request, staff_id):
    return _button(
        request,
        staff_id,
        lambda account: user_pii_revoke(actor=request.user, user=account),
        STAFF_REVOKE_DONE,
    )
