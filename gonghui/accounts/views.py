from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import public, signed_in
from gonghui.accounts.forms import LoginForm, PasswordChangeForm
from gonghui.accounts.models import UserSession
from gonghui.accounts.services import LOCKED_OUT
from gonghui.accounts.staff_services import user_password_change
from gonghui.core.errors import ApplicationError
from gonghui.core.menu import home_url_name

PASSWORD_CHANGED = "密码已修改。您在其他设备上的登录和接口令牌已失效。"

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
# POST only (Django's LogoutView): a link or an image tag cannot log anyone out.
logout = public(auth_views.LogoutView.as_view())


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this instead of its own page once a username is locked."""
    return render(request, "accounts/locked_out.html", {"message": LOCKED_OUT}, status=403)


@sensitive_post_parameters()
@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def password_change(request):
    """修改密码, for every staff user: this session stays (its key rotated, as at login), the
    others and the API tokens end."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        old_key = request.session.session_key
        try:
            user_password_change(
                user=request.user,
                password=form.cleaned_data["new_password1"],
                keep_session=old_key,
            )
        except ApplicationError as exc:
            form.add_error("new_password1", exc.message)
        else:
            update_session_auth_hash(request, request.user)
            UserSession.objects.filter(user=request.user, session_key=old_key).update(
                session_key=request.session.session_key
            )
            messages.success(request, PASSWORD_CHANGED)
            return redirect(home_url_name())
    return render(request, "accounts/password_change.html", {"form": form})
