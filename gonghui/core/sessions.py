"""Sessions saved at most once a minute, with the same sliding idle timeout.

Django's `SESSION_SAVE_EVERY_REQUEST` writes the session (BEGIN, UPDATE, COMMIT) on every
request, only to push its expiry 30 minutes ahead. This middleware replaces it: a request saves
the session when its data changed (as Django always does) or when the last save is at least
`GONGHUI_SESSION_SAVE_INTERVAL` seconds (60) old. The idle timeout keeps sliding, with a
granularity of that interval: a session idle for `SESSION_COOKIE_AGE` minus at most one interval
expires, never one in use.

The time of the last save is kept in the session itself (`SAVED_AT`, whole seconds), so it works
with any session engine. Everything else — the cookie, `Vary: Cookie`, emptied sessions, 5xx
answers — is Django's `SessionMiddleware`.
"""

import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

SAVED_AT = "_gh_saved_at"


def now() -> int:
    """The clock the middleware reads (whole seconds); tests move it."""
    return int(time.time())


def save_interval() -> int:
    return getattr(settings, "GONGHUI_SESSION_SAVE_INTERVAL", 60)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and response.status_code < 500:
            _mark_for_saving(session)
        return super().process_response(request, response)


def _mark_for_saving(session) -> None:
    """Make `session` modified when it is due to be saved (its data changed, or its last save is
    an interval old), stamping the time; leave it untouched otherwise."""
    if session.is_empty():
        return
    accessed = session.accessed  # reading the stamp must not add `Vary: Cookie` by itself
    stamp = session.get(SAVED_AT)
    if session.is_empty():  # the cookie named no live session: nothing to keep alive
        session.accessed = accessed
        return
    current = now()
    if session.modified or not isinstance(stamp, int) or current - stamp >= save_interval():
        session[SAVED_AT] = current
    else:
        session.accessed = accessed
