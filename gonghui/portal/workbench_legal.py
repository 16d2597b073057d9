"""Workbench pages where the province's 系统管理员 keeps the 用户协议 and the 隐私政策 shown on
the portal: every version, and publishing the next one (workers are asked to agree again)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, WorkbenchForm, submit
from gonghui.portal.models import LegalKind
from gonghui.portal.selectors import (
    legal_document_get,
    legal_document_versions,
    legal_documents_current,
)
from gonghui.portal.services.consent import legal_document_publish

PUBLISHED = "已发布《{kind}》第{version}版。职工下次登录或访问门户时，须阅读并同意后才能继续使用。"


class LegalDocumentForm(WorkbenchForm):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(
        label="正文",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="纯文本，空行分段。发布后不能修改，只能再发布新版本；此前的版本仍可查阅。",
    )


def _may_publish(user) -> bool:
    org = getattr(user, "org", None)
    return org is not None and org.depth == 1


@permission_required(Perm.LEGAL_MANAGE)
def legal_list(request):
    kinds = [
        {"document": d, "versions": legal_document_versions(d.kind)}
        for d in legal_documents_current()
    ]
    context = {"kinds": kinds, "may_publish": _may_publish(request.user)}
    return render(request, "portal/workbench/legal_list.html", context)


@permission_required(Perm.LEGAL_MANAGE)
def legal_version(request, kind: str, version: int):
    document = legal_document_get(kind, version)
    return render(request, "portal/workbench/legal_version.html", {"document": document})


@permission_required(Perm.LEGAL_MANAGE)
@require_http_methods(["GET", "POST"])
def legal_publish(request, kind: str):
    current = legal_document_get(kind)
    initial = {"title": current.title, "body": current.body}
    form = LegalDocumentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        document, status = submit(form, legal_document_publish, actor=request.user, kind=kind)
        if document is not NOT_SUBMITTED:
            messages.success(
                request, PUBLISHED.format(kind=LegalKind(kind).label, version=document.version)
            )
            return redirect("portal_admin:legal")
    context = {"form": form, "current": current, "may_publish": _may_publish(request.user)}
    return render(request, "portal/workbench/legal_publish.html", context, status=status)
