"""Worker sessions, kept apart from staff logins.

A worker is remembered in the session under `SESSION_KEY`; `WorkerMiddleware` puts the account
(or None) on `request.worker`. Portal views declare who may open them with `worker_required`
(a logged-in worker) or `accounts.decorators.public`; the URLconf test checks every view does.

A logged-in worker who has not agreed to the current 用户协议 and 隐私政策 (a new version was
published) is sent to the consent page before any other portal page (`consent_exempt` views
excepted: the texts themselves, the consent page, logout and closing the account).
"""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from gonghui.portal.models import Worker
from gonghui.portal.selectors import consent_outstanding

SESSION_KEY = "portal_worker_id"


def _worker_of(request) -> Worker | None:
    worker_id = request.session.get(SESSION_KEY)
    if worker_id is None:
        return None
    return Worker.objects.filter(pk=worker_id, is_active=True).select_related("member").first()


class WorkerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.worker = SimpleLazyObject(lambda: _worker_of(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "consent_exempt", False):
            return None
        if not request.path.startswith(reverse("portal:home")):
            return None
        if SESSION_KEY not in request.session:
            return None
        worker = current_worker(request)
        if worker is None or not consent_outstanding(worker):
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('portal:consent')}?{query}")


def consent_exempt(view):
    """A portal page a worker may open before agreeing to new versions of the texts."""
    view.consent_exempt = True
    return view


def current_worker(request) -> Worker | None:
    worker = getattr(request, "worker", None)
    # A SimpleLazyObject wrapping None is still truthy: unwrap it.
    return worker if worker is not None and getattr(worker, "pk", None) else None


def worker_login(request, worker: Worker) -> None:
    """Start a worker session on a fresh session key (no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = worker.pk
    worker.last_login_at = timezone.now()
    worker.save(update_fields=["last_login_at"])
    request.worker = worker


def worker_logout(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    request.worker = None


def worker_required(view):
    """Require a logged-in worker; others are sent to the portal login and come back."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if current_worker(request) is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:login')}?{query}")
        return view(request, *args, **kwargs)

    wrapper.worker_view = True
    return wrapper
