"""The catalogue of honors (荣誉目录), kept by the system administrators."""

import re
from typing import Any

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.honors.models import FormLayout, HonorLevel, HonorSubject, HonorType
from gonghui.orgs.models import Org

TITLE_REQUIRED = "请填写称号。"
CODE_INVALID = "代码只能由英文字母、数字、连字符和下划线组成（1至40个字符）。"
CODE_TAKEN = "代码「{code}」已被其他荣誉类型使用。"
LEVEL_INVALID = "请选择级别。"
SUBJECT_INVALID = "请选择对象。"
LAYOUT_INVALID = "请选择推荐审批表样式。"
CYCLE_INVALID = "评选周期应为1至10年。"
CONFERRER_INACTIVE = "授予单位「{name}」已撤销或合并。"

_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")

FIELDS = (
    "title",
    "level",
    "conferrer",
    "conferring_body",
    "subject",
    "cycle_years",
    "regulation",
    "regulation_version",
    "materials",
    "materials_enforced",
    "form_layout",
    "active",
)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["title"] = clean_text(out["title"], label="称号", field="title")
    if not out["title"]:
        raise ApplicationError(TITLE_REQUIRED, field="title")
    if out["level"] not in HonorLevel.values:
        raise ApplicationError(LEVEL_INVALID, field="level")
    if out["subject"] not in HonorSubject.values:
        raise ApplicationError(SUBJECT_INVALID, field="subject")
    if out["form_layout"] not in FormLayout.values:
        raise ApplicationError(LAYOUT_INVALID, field="form_layout")
    out["materials_enforced"] = bool(out["materials_enforced"])
    if not 1 <= int(out["cycle_years"]) <= 10:
        raise ApplicationError(CYCLE_INVALID, field="cycle_years")
    if not out["conferrer"].is_active:
        raise ApplicationError(CONFERRER_INACTIVE.format(name=out["conferrer"].name))
    out["conferring_body"] = out.get("conferring_body") or out["conferrer"].name
    for name in ("regulation", "materials"):
        out[name] = clean_text(out.get(name) or "", multiline=True, label="", field=name)
    return out


def _snapshot(ht: HonorType) -> dict[str, Any]:
    return {
        "title": ht.title,
        "level": ht.level,
        "conferrer": ht.conferrer.name,
        "subject": ht.subject,
        "cycle_years": ht.cycle_years,
        "regulation_version": ht.regulation_version,
        "form_layout": ht.form_layout,
        "materials_enforced": ht.materials_enforced,
    }


@atomic_keeping_denials(durable=True)
def honor_type_create(
    *,
    actor: User,
    code: str,
    title: str,
    level: str,
    conferrer: Org,
    subject: str,
    cycle_years: int = 1,
    conferring_body: str = "",
    regulation: str = "",
    regulation_version: str = "",
    materials: str = "",
    materials_enforced: bool = False,
    form_layout: str = FormLayout.MEDAL,
    active: bool = True,
) -> HonorType:
    if not _CODE.match(code or ""):
        raise ApplicationError(CODE_INVALID, field="code")
    if HonorType.objects.filter(code=code).exists():
        raise Conflict(CODE_TAKEN.format(code=code), field="code")
    data = _clean({name: value for name, value in locals().items() if name in FIELDS})
    ht = HonorType.objects.create(code=code, **data)
    audit_record(actor=actor, action="honors.type_create", obj=ht, changes=_snapshot(ht))
    return ht


@atomic_keeping_denials(durable=True)
def honor_type_update(*, actor: User, honor_type: HonorType, **fields: Any) -> HonorType:
    ht = HonorType.objects.select_for_update().get(pk=honor_type.pk)
    before = _snapshot(ht)
    data = _clean({name: fields.get(name, getattr(ht, name)) for name in FIELDS})
    for name, value in data.items():
        setattr(ht, name, value)
    ht.save()
    after = _snapshot(ht)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(actor=actor, action="honors.type_update", obj=ht, changes=changes)
    return ht
