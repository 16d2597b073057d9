"""The 用户协议 and 隐私政策 (every version readable by anyone), the page that asks a worker to
agree to a new version, and 注销账号. Thin: the rules are in `portal.services.consent`."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import public
from gonghui.core.forms import NOT_SUBMITTED, submit_with
from gonghui.portal.auth import consent_exempt, current_worker, worker_logout, worker_required
from gonghui.portal.forms import CloseAccountForm, ConsentForm
from gonghui.portal.selectors import (
    consent_outstanding,
    legal_document_get,
    legal_document_versions,
)
from gonghui.portal.services.consent import worker_account_close, worker_consent_accept
from gonghui.portal.views.accounts import safe_next

CONSENT_SAVED = "感谢您的确认，可以继续使用了。"
ACCOUNT_CLOSED = "您的门户账号已注销，已撤回对用户协议和隐私政策的同意。您的会员档案仍由工会保存。"


@public
@consent_exempt
def legal(request, kind: str, version: int | None = None):
    document = legal_document_get(kind, version)
    context = {
        "tab": "me",
        "document": document,
        "versions": legal_document_versions(kind),
    }
    return render(request, "portal/legal.html", context)


@worker_required
@consent_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def consent(request):
    """Shown instead of any portal page while a current version waits for the worker's 同意."""
    worker = current_worker(request)
    target = safe_next(request) or "portal:me"
    outstanding = consent_outstanding(worker)
    if not outstanding:
        return redirect(target)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        accepted, _ = submit_with(
            form,
            lambda data: worker_consent_accept(
                worker=worker, documents=outstanding, agreed=data["agree"]
            ),
        )
        if accepted is not NOT_SUBMITTED:
            messages.success(request, CONSENT_SAVED)
            return redirect(target)
    context = {
        "tab": "me",
        "documents": outstanding,
        "form": form,
        "next": safe_next(request),
        "first_time": not worker.consents.exists(),
    }
    return render(request, "portal/consent.html", context, status=400 if form.errors else 200)


@worker_required
@consent_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def close_account(request):
    """注销账号, with a confirmation: the page says what goes and what the union keeps."""
    worker = current_worker(request)
    form = CloseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        closed, _ = submit_with(
            form, lambda data: worker_account_close(worker=worker, confirmed=data["confirm"])
        )
        if closed is not NOT_SUBMITTED:
            worker_logout(request)
            messages.success(request, ACCOUNT_CLOSED)
            return redirect("portal:home")
    context = {"tab": "me", "worker": worker, "form": form}
    return render(request, "portal/close_account.html", context, status=400 if form.errors else 200)


urlpatterns = [
    path("legal/<slug:kind>/", legal, name="legal"),
    path("legal/<slug:kind>/v<int:version>/", legal, name="legal_version"),
    path("consent/", consent, name="consent"),
    path("me/close/", close_account, name="close_account"),
]
