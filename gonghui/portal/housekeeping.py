"""What `manage.py housekeeping` may prune of the portal's records (gonghui.core.housekeeping):
SMS codes, password-login failures and certification attempts past their retention. Each keeps
at least the window its limit counts over, whatever the setting says."""

from datetime import timedelta

from gonghui.core.housekeeping import register_prunable
from gonghui.portal.models import CertificationAttempt, PasswordFailure, SmsCode
from gonghui.portal.services.accounts.common import MISMATCH_WINDOW, PASSWORD_LOCKOUT

register_prunable(
    "portal.sms_codes",
    "短信验证码",
    lambda cutoff: SmsCode.objects.filter(sent_at__lt=cutoff),
    setting="GONGHUI_KEEP_SMS_CODES_DAYS",
    # The daily limit per number counts the codes sent since the day began.
    floor=timedelta(days=1),
)
register_prunable(
    "portal.password_failures",
    "职工密码登录失败记录",
    lambda cutoff: PasswordFailure.objects.filter(at__lt=cutoff),
    setting="GONGHUI_KEEP_LOGIN_FAILURES_DAYS",
    floor=2 * PASSWORD_LOCKOUT,
)
register_prunable(
    "portal.certification_attempts",
    "实名认证记录",
    lambda cutoff: CertificationAttempt.objects.filter(at__lt=cutoff),
    setting="GONGHUI_KEEP_CERTIFICATION_DAYS",
    floor=MISMATCH_WINDOW,
)
