from datetime import date

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.metrics.services import stats_refresh_orgs
from gonghui.orgs.handlers import dissolve_refusal, move_all_for_merge
from gonghui.orgs.metrics import stats_flows_moved, stats_org_changed, stats_org_moved
from gonghui.orgs.models import (
    ORG_EDITABLE_FIELDS,
    REGIONAL_TYPES,
    Org,
    OrgLevel,
    OrgStatus,
    OrgType,
)
from gonghui.orgs.selectors import org_in_scope

ORG_OUT_OF_SCOPE = "您只能管理本工会及下级工会。"
ORG_NAME_REQUIRED = "请填写工会名称。"
ORG_TYPE_REQUIRED = "请选择工会类型。"
ORG_INACTIVE = "该工会组织已撤销或合并，不能再进行此操作。"
USCC_INVALID = "统一社会信用代码无效：应为18位，且最后一位校验码正确，请核对后重新输入。"
USCC_TAKEN = "统一社会信用代码已被「{name}」使用。"
MOVE_INTO_SELF = "不能把工会移动到它自己或它的下级工会之下。"
MERGE_SAME = "不能把工会合并到它自己。"
MERGE_INTO_DESCENDANT = "不能把工会合并到它的下级工会。"
DISSOLVE_HAS_CHILDREN = "该工会还有 {n} 个下级工会，请先撤销或移走下级工会。"
ROOT_FIXED = "省总工会不能移动、合并或撤销。"


def _require_scope(actor: User, org: Org) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(ORG_OUT_OF_SCOPE), actor=actor, action="access.denied", obj=org, org=org
        )


def _require_active(org: Org) -> None:
    if not org.is_active:
        raise ApplicationError(ORG_INACTIVE)


def clean_uscc(value: str, *, exclude: Org | None = None) -> str:
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        value = stdnum_uscc.validate(value)
    except StdnumError:
        raise ApplicationError(USCC_INVALID, field="uscc") from None
    taken = Org.objects.filter(uscc=value, status=OrgStatus.ACTIVE)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    other = taken.first()
    if other is not None:
        raise Conflict(USCC_TAKEN.format(name=other.name), field="uscc")
    return value


def level_for(org_type: str, parent: Org | None) -> int:
    if org_type in REGIONAL_TYPES:
        return REGIONAL_TYPES.index(org_type) + 1
    return parent.level if parent is not None else OrgLevel.PROVINCE


@atomic_keeping_denials
def org_create_child(*, actor: User, parent: Org, name: str, org_type: str, **fields) -> Org:
    _require_scope(actor, parent)
    _require_active(parent)
    name = (name or "").strip()
    if not name:
        raise ApplicationError(ORG_NAME_REQUIRED, field="name")
    if org_type not in OrgType.values:
        raise ApplicationError(ORG_TYPE_REQUIRED, field="org_type")
    fields["uscc"] = clean_uscc(fields.get("uscc", ""))
    # A blank code (an empty form field) inherits too: the org sits in its parent's area.
    fields["division_code"] = fields.get("division_code") or parent.division_code
    org = Org.objects.add_child(
        parent,
        create_kwargs=dict(
            name=name, org_type=org_type, level=level_for(org_type, parent), **fields
        ),
    )
    stats_org_changed(org=org, before_type=None, after_type=org_type)
    audit_record(
        actor=actor,
        action="org.create",
        obj=org,
        org=org,
        changes={"name": name, "parent": parent.name},
    )
    return org


@atomic_keeping_denials
def org_update(*, actor: User, org: Org, **fields) -> Org:
    _require_scope(actor, org)
    _require_active(org)
    if "name" in fields and not (fields["name"] or "").strip():
        raise ApplicationError(ORG_NAME_REQUIRED, field="name")
    if "uscc" in fields:
        fields["uscc"] = clean_uscc(fields["uscc"], exclude=org)
    changes = {}
    for field, value in fields.items():
        if field not in ORG_EDITABLE_FIELDS:
            raise ValueError(f"not editable: {field}")
        old = getattr(org, field)
        if old != value:
            changes[field] = [str(old), str(value)]
            setattr(org, field, value)
    if "org_type" in changes:
        org.level = level_for(org.org_type, Org.objects.get_parent(org))
    if changes:
        org.save()
        if "org_type" in changes:
            stats_org_changed(org=org, before_type=changes["org_type"][0], after_type=org.org_type)
        audit_record(actor=actor, action="org.update", obj=org, org=org, changes=changes)
    return org


@atomic_keeping_denials(durable=True)
def org_move(*, actor: User, org: Org, new_parent: Org) -> Org:
    """Move a whole subtree under another parent; both must be in the actor's scope."""
    _require_scope(actor, org)
    _require_scope(actor, new_parent)
    _require_active(new_parent)
    if org.is_root():
        raise ApplicationError(ROOT_FIXED)
    if new_parent.path.startswith(org.path):
        raise ApplicationError(MOVE_INTO_SELF)
    old_parent = Org.objects.get_parent(org)
    Org.objects.move(org, new_parent, pos="last-child")
    org.refresh_from_db()
    stats_org_moved(org=org, old_parent=old_parent)
    if org.org_type not in REGIONAL_TYPES:
        # A base union takes its area's tier, and so do the non-regional unions below it.
        org.level = level_for(org.org_type, new_parent)
        Org.objects.filter(path__startswith=org.path).exclude(org_type__in=REGIONAL_TYPES).update(
            level=org.level
        )
    audit_record(
        actor=actor,
        action="org.move",
        obj=org,
        org=org,
        changes={"parent": [old_parent.name, new_parent.name]},
    )
    return org


@atomic_keeping_denials
def org_merge(*, actor: User, source: Org, target: Org) -> Org:
    """Merge `source` into `target`: what hangs on it (members …, moved by the registered
    handlers) and its child unions follow, it is closed."""
    _require_scope(actor, source)
    _require_scope(actor, target)
    _require_active(source)
    _require_active(target)
    if source.is_root():
        raise ApplicationError(ROOT_FIXED)
    if source.pk == target.pk:
        raise ApplicationError(MERGE_SAME)
    if target.path.startswith(source.path):
        raise ApplicationError(MERGE_INTO_DESCENDANT)
    moved = move_all_for_merge(actor=actor, source=source, target=target)
    for child in list(Org.objects.get_children(source)):
        Org.objects.move(child, target, pos="last-child")
        # The recount below leaves flows alone (they are not sums over a subtree).
        stats_flows_moved(org=child, old_parent=source)
    source = Org.objects.get(pk=source.pk)
    source.status = OrgStatus.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    # Members and child unions moved (the members' events wrote their flows): recount both.
    stats_refresh_orgs(org_ids=[source.pk, target.pk])
    audit_record(
        actor=actor,
        action="org.merge",
        obj=source,
        org=target,
        changes={"into": target.name, **moved},
    )
    return target


@atomic_keeping_denials
def org_dissolve(*, actor: User, org: Org, on: date | None = None) -> Org:
    """Close a union whose subtree holds nothing any registered handler counts (members …)."""
    _require_scope(actor, org)
    _require_active(org)
    if org.is_root():
        raise ApplicationError(ROOT_FIXED)
    n_children = Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).count()
    if n_children:
        raise ApplicationError(DISSOLVE_HAS_CHILDREN.format(n=n_children))
    refusal = dissolve_refusal(org)
    if refusal:
        raise ApplicationError(refusal)
    org.status = OrgStatus.DISSOLVED
    org.save(update_fields=["status", "updated_at"])
    stats_org_changed(org=org, before_type=org.org_type, after_type=None)
    audit_record(actor=actor, action="org.dissolve", obj=org, org=org)
    return org
