"""Care records: visits (走访慰问), health checks (体检), 宣讲 activities."""

from datetime import date

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.honors.care.metrics import honoree_figures, stats_honoree_changed
from gonghui.honors.care.services.honorees import _require_scope
from gonghui.honors.models import CareKind, CareRecord, Honoree

CARE_KIND_INVALID = "请选择关爱类型。"
CARE_CONTENT_REQUIRED = "请填写内容。"
CARE_DATE_FUTURE = "日期不能晚于今天。"
CARE_AFTER_DEATH = "「{name}」已于 {day} 去世，不能登记此后的关爱记录。"
LECTURE_COUNTS = "劳模宣讲须填写场次和听众人次（均大于 0）。"


@atomic_keeping_denials(durable=True)
def care_record_add(
    *,
    actor: User,
    honoree: Honoree,
    kind: str,
    on: date,
    content: str,
    team: str = "",
    sessions: int = 0,
    audience: int = 0,
) -> CareRecord:
    honoree = Honoree.objects.select_for_update().get(pk=honoree.pk)
    _require_scope(actor, honoree.org, honoree)
    if kind not in CareKind.values:
        raise ApplicationError(CARE_KIND_INVALID, field="kind")
    content = clean_text(content, label="内容", field="content")
    if not content:
        raise ApplicationError(CARE_CONTENT_REQUIRED, field="content")
    if on > timezone.localdate():
        raise ApplicationError(CARE_DATE_FUTURE, field="on")
    if honoree.died_on and on > honoree.died_on:
        raise ApplicationError(
            CARE_AFTER_DEATH.format(name=honoree.name, day=honoree.died_on), field="on"
        )
    sessions, audience = int(sessions or 0), int(audience or 0)
    if kind == CareKind.LECTURE and (sessions <= 0 or audience <= 0):
        raise ApplicationError(LECTURE_COUNTS, field="sessions")
    if kind != CareKind.LECTURE:
        sessions = audience = 0
    before = honoree_figures(honoree)
    record = CareRecord.objects.create(
        honoree=honoree,
        kind=kind,
        on=on,
        content=content[:200],
        team=clean_text(team, label="宣讲团/参加人员", field="team")[:200],
        sessions=sessions,
        audience=audience,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="honoree.care",
        obj=honoree,
        org=honoree.org,
        changes={"kind": [None, kind], "on": [None, str(on)], "content": [None, record.content]},
    )
    stats_honoree_changed(before=before, honoree=honoree)
    return record
