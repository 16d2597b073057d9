"""What `manage.py housekeeping` may prune of the staff logins' records (gonghui.core.housekeeping):
django-axes' failure counters, failure log and access log past `GONGHUI_KEEP_LOGIN_FAILURES_DAYS`.
The audit trail keeps its own rows of every login and failure; those are never pruned."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from gonghui.core.housekeeping import register_prunable

# A lockout lasts the cool-off from the last failure: a counter younger than that still locks.
_COOL_OFF = get_cool_off()

for name, label, model in (
    ("accounts.axes_attempts", "登录失败计数（axes）", AccessAttempt),
    ("accounts.axes_failure_log", "登录失败记录（axes）", AccessFailureLog),
    ("accounts.axes_access_log", "登录记录（axes）", AccessLog),
):
    register_prunable(
        name,
        label,
        lambda cutoff, model=model: model.objects.filter(attempt_time__lt=cutoff),
        setting="GONGHUI_KEEP_LOGIN_FAILURES_DAYS",
        floor=_COOL_OFF,
    )
