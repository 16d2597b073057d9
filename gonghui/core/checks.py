"""System checks of the data keys (README "Key rotation"): the key ring loads, and a key file is
private to the service account and kept outside the data directory."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from gonghui.core import crypto


@checks.register(checks.Tags.security)
def pii_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        crypto.readable_versions()
    except (OSError, ValueError) as exc:
        # The messages name versions and sources, never key material.
        return [checks.Error(f"个人信息密钥配置有误：{exc}", id="core.E001")]
    path = Path(settings.PII_KEY_FILE) if settings.PII_KEY_FILE else None
    if path is None:
        return []
    found = []
    if path.stat().st_mode & 0o077:
        found.append(
            checks.Warning(
                "个人信息密钥文件可被其他用户读取。",
                hint="chmod 0400，属主为运行服务的账户。",
                id="core.W001",
            )
        )
    data_dirs = [Path(settings.VAR_DIR), Path(settings.MEDIA_ROOT)]
    if any(path.resolve().is_relative_to(d.resolve()) for d in data_dirs):
        found.append(
            checks.Warning(
                "个人信息密钥文件位于数据目录内，会随数据备份一同带走。",
                hint="放到数据目录之外（如 /etc/gonghui/pii.keys），与数据分开备份。",
                id="core.W002",
            )
        )
    return found


@checks.register(checks.Tags.security, deploy=True)
def session_cookie_secure(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Django's deploy check of the session cookie looks for its own SessionMiddleware by name;
    ours (`core.sessions`) replaces it, so the warning it would give is given here."""
    from django.core.checks.security.sessions import W012

    middleware = "gonghui.core.sessions.SessionMiddleware" in settings.MIDDLEWARE
    if middleware and settings.SESSION_COOKIE_SECURE is not True:
        return [W012]
    return []
