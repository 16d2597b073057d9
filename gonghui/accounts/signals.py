from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gonghui.accounts.models import UserSession
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None:
        # login() has already rotated the session key; the key is issued on save.
        if request.session.session_key is None:
            request.session.save()
        UserSession.objects.create(user=user, session_key=request.session.session_key)
    audit_record(actor=user, action="auth.login", obj=user)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        actor=None,
        action="auth.login_failed",
        object_repr=str(credentials.get("username", ""))[:150],
        result=AuditResult.FAILED,
    )
