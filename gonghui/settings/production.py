"""Production: every secret must come from the environment, and the site is served over HTTPS
by nginx in front of gunicorn. `manage.py check --deploy` is clean with these settings (a test
runs it); `make run` keeps using base.py over plain http on 127.0.0.1.

nginx must pass the scheme it received and replace whatever the client sent:
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header Host $host;
Without that header Django takes every request for http and redirects it forever.
"""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["GONGHUI_SECRET_KEY"]
# The data key from the environment, or from GONGHUI_PII_KEY_FILE (README "Key rotation").
if not PII_KEY_FILE:  # noqa: F405
    PII_KEY = os.environ["GONGHUI_PII_KEY"]
AUDIT_KEY = os.environ["GONGHUI_AUDIT_KEY"]
DEBUG = False
# A real SMS provider must be named: the console backend would write login codes into the log.
GONGHUI_SMS_BACKEND = os.environ["GONGHUI_SMS_BACKEND"]

# GONGHUI_HTTPS=0 only for a closed test network without certificates: check --deploy then
# warns, rightly.
HTTPS = os.environ.get("GONGHUI_HTTPS", "1") == "1"

# nginx terminates TLS: trust its X-Forwarded-Proto (and only because it overwrites it).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# A monitor may ask an app server for /healthz directly over http (no X-Forwarded-Proto).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# HSTS: browsers refuse plain http to this host for a year once they have seen it over https.
# Start lower (GONGHUI_HSTS_SECONDS=3600) while trying out a new host name.
SECURE_HSTS_SECONDS = int(os.environ.get("GONGHUI_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("GONGHUI_HSTS_SUBDOMAINS", "1") == "1"
# Preloading is the domain owner's decision (it reaches every subdomain and is slow to undo) and
# means nothing for an intranet (政务外网) name: off unless asked for.
SECURE_HSTS_PRELOAD = os.environ.get("GONGHUI_HSTS_PRELOAD", "0") == "1"
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # noqa: F405
