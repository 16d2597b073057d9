"""Production: every secret must come from the environment."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["GONGHUI_SECRET_KEY"]
PII_KEY = os.environ["GONGHUI_PII_KEY"]
AUDIT_KEY = os.environ["GONGHUI_AUDIT_KEY"]
DEBUG = False
SESSION_COOKIE_SECURE = os.environ.get("GONGHUI_HTTPS", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A real SMS provider must be named: the console backend would write login codes into the log.
GONGHUI_SMS_BACKEND = os.environ["GONGHUI_SMS_BACKEND"]
