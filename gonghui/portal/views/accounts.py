"""Worker account pages: login/registration (SMS code or password), send code, logout,
实名认证, 我的, password. Thin: the rules are in `portal.services.accounts`."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.decorators import public
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import NOT_SUBMITTED, attempt, submit, submit_with
from gonghui.core.masking import mask_phone
from gonghui.members.idnumber import parse_phone
from gonghui.portal.auth import (
    consent_exempt,
    current_worker,
    worker_login,
    worker_logout,
    worker_required,
)
from gonghui.portal.forms import CertifyForm, CodeLoginForm, PasswordForm, PasswordLoginForm
from gonghui.portal.models import SmsPurpose
from gonghui.portal.selectors import consent_history
from gonghui.portal.services.accounts import (
    sms_code_send,
    sms_resend_wait,
    worker_certify,
    worker_certify_again,
    worker_login_by_code,
    worker_login_by_password,
    worker_set_password,
)

REGISTERED = "注册成功，欢迎加入！完成实名认证后即可申请入会、查看电子会员卡。"
LOGGED_OUT = "您已退出登录。"
PASSWORD_SAVED = "密码已保存，下次可用手机号和密码登录。"
CERTIFIED_MEMBER = "实名认证成功，您是「{org}」的会员。"
CERTIFIED_NON_MEMBER = "实名认证成功。您还不是工会会员，可以申请入会。"


def safe_next(request) -> str:
    """The `next` target if it stays on this site; anything else is ignored."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _wait_for(raw_phone: str) -> int:
    try:
        return sms_resend_wait(parse_phone(raw_phone))
    except ApplicationError:
        return 0


def _authenticate(mode: str, data: dict) -> tuple:
    """(worker, created) for a code or password login."""
    if mode == "code":
        return worker_login_by_code(phone=data["phone"], code=data["code"], agreed=data["agree"])
    return worker_login_by_password(phone=data["phone"], password=data["password"]), False


def _send_login_code(raw_phone: str) -> str:
    phone = parse_phone(raw_phone)
    sms_code_send(phone=phone, purpose=SmsPurpose.LOGIN)
    return phone


def _login_page(request, *, mode: str, form, sms_sent_to: str = "", sms_wait: int = 0):
    context = {
        "tab": "me",
        "mode": mode,
        "form": form,
        "next": safe_next(request),
        "sms_sent_to": sms_sent_to,
        "sms_wait": sms_wait,
    }
    return render(request, "portal/login.html", context)


@public
@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    mode = request.POST.get("mode") or request.GET.get("mode")
    mode = mode if mode in ("code", "password") else "code"
    target = safe_next(request)
    if request.method == "GET":
        if current_worker(request):
            return redirect(target or "portal:me")
        form = CodeLoginForm() if mode == "code" else PasswordLoginForm()
        return _login_page(request, mode=mode, form=form)
    form = (CodeLoginForm if mode == "code" else PasswordLoginForm)(request.POST)
    logged_in, _ = submit_with(form, lambda data: _authenticate(mode, data))
    if logged_in is not NOT_SUBMITTED:
        worker, created = logged_in
        worker_login(request, worker)
        if created:
            messages.success(request, REGISTERED)
            return redirect(target or "portal:certify")
        return redirect(target or "portal:me")
    wait = _wait_for(request.POST.get("phone", "")) if mode == "code" else 0
    return _login_page(request, mode=mode, form=form, sms_wait=wait)


@public
@never_cache
@require_POST
def sms_send(request):
    """The send-code button of the login and password pages (a second submit button of their
    form): sends, then shows the same page again with the countdown or the refusal."""
    if request.POST.get("purpose") == SmsPurpose.PASSWORD:
        worker = current_worker(request)
        if worker is None:
            return redirect("portal:login")
        sent_to = error = ""
        try:
            sms_code_send(phone=worker.phone, purpose=SmsPurpose.PASSWORD)
            sent_to = worker.phone_masked
        except ApplicationError as exc:
            error = exc.message
        return _password_page(
            request,
            worker,
            PasswordForm(),
            sms_sent_to=sent_to,
            sms_error=error,
            sms_wait=sms_resend_wait(worker.phone),
        )
    form = CodeLoginForm(request.POST)
    sent_to = ""
    phone, _ = submit_with(form, lambda data: _send_login_code(data["phone"]))
    if phone is not NOT_SUBMITTED:
        sent_to = mask_phone(phone)
    return _login_page(
        request,
        mode="code",
        form=form,
        sms_sent_to=sent_to,
        sms_wait=_wait_for(request.POST.get("phone", "")),
    )


@public
@consent_exempt
@require_POST
def logout(request):
    # POST only: a link or an image on another page cannot log a worker out.
    worker_logout(request)
    messages.success(request, LOGGED_OUT)
    return redirect("portal:home")


def _certified_message(worker) -> str:
    if worker.member_id:
        return CERTIFIED_MEMBER.format(org=worker.member.org.name)
    return CERTIFIED_NON_MEMBER


@worker_required
@never_cache
@require_http_methods(["GET", "POST"])
def certify(request):
    worker = current_worker(request)
    if worker.is_certified:
        # The only thing a certified worker may post here: check the membership again.
        if request.method == "POST":
            again = attempt(request, lambda: worker_certify_again(worker=worker))
            if again is not NOT_SUBMITTED:
                messages.success(request, _certified_message(again))
            return redirect("portal:certify")
        return render(request, "portal/certify.html", {"tab": "me", "worker": worker})
    form = CertifyForm(request.POST or None)
    if request.method == "POST":
        certified, _ = submit(form, worker_certify, worker=worker)
        if certified is not NOT_SUBMITTED:
            messages.success(request, _certified_message(certified))
            return redirect(safe_next(request) or "portal:certify")
    context = {"tab": "me", "worker": worker, "form": form, "next": safe_next(request)}
    return render(request, "portal/certify.html", context)


@worker_required
@never_cache
def me(request):
    worker = current_worker(request)
    context = {"tab": "me", "worker": worker, "consents": consent_history(worker)[:10]}
    return render(request, "portal/me.html", context)


def _password_page(
    request, worker, form, *, sms_sent_to: str = "", sms_error: str = "", sms_wait: int = 0
):
    context = {
        "tab": "me",
        "worker": worker,
        "form": form,
        "sms_sent_to": sms_sent_to,
        "sms_error": sms_error,
        "sms_wait": sms_wait,
    }
    return render(request, "portal/password.html", context)


@worker_required
@never_cache
@require_http_methods(["GET", "POST"])
def password(request):
    worker = current_worker(request)
    form = PasswordForm(request.POST or None)
    if request.method == "POST":
        saved, _ = submit(form, worker_set_password, worker=worker)
        if saved is not NOT_SUBMITTED:
            messages.success(request, PASSWORD_SAVED)
            return redirect("portal:me")
    return _password_page(request, worker, form, sms_wait=sms_resend_wait(worker.phone))


urlpatterns = [
    path("login/", login, name="login"),
    path("sms/", sms_send, name="sms_send"),
    path("logout/", logout, name="logout"),
    path("certify/", certify, name="certify"),
    path("me/", me, name="me"),
    path("password/", password, name="password"),
]
