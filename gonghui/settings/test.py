import os

os.environ.setdefault("GONGHUI_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("GONGHUI_PII_KEY", "00112233445566778899aabbccddeeff" * 2)
os.environ.setdefault("GONGHUI_AUDIT_KEY", "ffeeddccbbaa99887766554433221100" * 2)
# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same test
# are still synchronous, so Django's async-safety guard must be relaxed for tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
GONGHUI_SMS_BACKEND = "gonghui.portal.sms.TestBackend"
GONGHUI_AUDIT_STRICT_ACTIONS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, rather than the shared-cache in-memory default: there a second
    # writer fails at once with "database table is locked" instead of waiting (busy_timeout)
    # like it does on a real deployment. One file per test process, so parallel runs don't clash.
    import tempfile
    from pathlib import Path

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"gonghui-test-{os.getpid()}.sqlite3")
    }

# WhiteNoise warns on every request when STATIC_ROOT is missing; tests serve from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True

# Persistent connections would outlive the live-server and concurrency-test threads and keep
# PostgreSQL from dropping the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Uploaded files of tests (and of the seed_demo tests, which store course videos) go to a
# directory of the test process, never to the developer's var/media.
import tempfile as _tempfile  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

MEDIA_ROOT = _Path(_tempfile.gettempdir()) / f"gonghui-test-media-{os.getpid()}"
