from django.contrib.auth import views as auth_views
from django.shortcuts import render

from gonghui.accounts.decorators import public
from gonghui.accounts.forms import LoginForm
from gonghui.accounts.services import LOCKED_OUT

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
