"""Opening a round (by the conferring union) and splitting its places down the tree."""

from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.honors.models import Deadline, HonorType, Quota, Round, Step
from gonghui.honors.rounds.services.common import (
    join_round,
    refresh_deadlines,
    require_open,
    require_scope,
)
from gonghui.orgs.models import Org

TITLE_REQUIRED = "请填写批次名称。"
NO_TYPES = "请至少选择一项评选荣誉。"
NOT_CONFERRER_OF = "「{honor}」的授予单位是{org}，只有授予单位才能组织该荣誉的评选。"
QUOTA_REQUIRED = "请填写「{honor}」的总名额（大于0）。"
RATIO_INVALID = "差额比例应在1.0至2.0之间。"
PCT_INVALID = "占比应在0至100之间。"
DAYS_INVALID = "公示期应为1至30个工作日。"
YEAR_INVALID = "年度应在2000至2100之间。"
TYPE_NOT_IN_ROUND = "「{honor}」不在本批次的评选范围内。"
NOT_BELOW = "名额只能分配给本批次组织单位的下级工会。"
NO_PARENT_QUOTA = "「{org}」尚未分得「{honor}」名额，不能向下分配。"
SPLIT_OVER = "「{parent}」的{honor}名额为{places}个，分配给下级的合计不能超过（已分配{given}个，本次{asked}个）。"
BELOW_CHILDREN = "「{org}」已向下级分配{given}个名额，不能少于该数。"


def _check_settings(data: dict[str, Any]) -> None:
    if not Decimal("1") <= Decimal(data["ratio"]) <= Decimal("2"):
        raise ApplicationError(RATIO_INVALID, field="ratio")
    for name in ("front_line_pct", "women_pct"):
        if data.get(name) is not None and not 0 <= data[name] <= 100:
            raise ApplicationError(PCT_INVALID, field=name)
    if not 1 <= data["publicity_days"] <= 30:
        raise ApplicationError(DAYS_INVALID, field="publicity_days")
    if not 2000 <= data["year"] <= 2100:
        raise ApplicationError(YEAR_INVALID, field="year")


@atomic_keeping_denials(durable=True)
def round_open(
    *,
    actor: User,
    title: str,
    year: int,
    quotas: dict[HonorType, int],
    deadlines: dict[str, date] | None = None,
    ratio: Decimal = Decimal("1"),
    front_line_pct: int | None = None,
    women_pct: int | None = None,
    new_form_min: int | None = None,
    migrant_min: int | None = None,
    skilled_min: int | None = None,
    recommend_upward: bool = False,
    publicity_days: int = 5,
    base_vote: bool = False,
    consult: bool = False,
    committee: bool = False,
) -> Round:
    """A round of the actor's union for the honor types it confers, with the total places of
    each (held by the union itself) and the deadlines of each level."""
    title = clean_text(title, label="批次名称", field="title")
    if not title:
        raise ApplicationError(TITLE_REQUIRED, field="title")
    if not quotas:
        raise ApplicationError(NO_TYPES, field="quotas")
    org = actor.org
    for honor_type, places in quotas.items():
        if org is None or honor_type.conferrer_id != org.pk:
            raise ApplicationError(
                NOT_CONFERRER_OF.format(honor=honor_type.title, org=honor_type.conferrer.name)
            )
        if not places or places < 1:
            raise ApplicationError(QUOTA_REQUIRED.format(honor=honor_type.title), field="quotas")
    settings = {
        "ratio": ratio,
        "front_line_pct": front_line_pct,
        "women_pct": women_pct,
        "new_form_min": new_form_min,
        "migrant_min": migrant_min,
        "skilled_min": skilled_min,
        "recommend_upward": recommend_upward,
        "publicity_days": publicity_days,
        "year": year,
        "base_vote": bool(base_vote),
        "consult": bool(consult),
        "committee": bool(committee),
    }
    _check_settings(settings)
    rnd = Round.objects.create(org=org, title=title, created_by=actor, **settings)
    rnd.honor_types.set(quotas)
    for honor_type, places in quotas.items():
        Quota.objects.create(round=rnd, honor_type=honor_type, org=org, places=places)
    for step, due in (deadlines or {}).items():
        Deadline.objects.create(round=rnd, step=Step(step), due=due)
    audit_record(
        actor=actor,
        action="honors.round_open",
        obj=rnd,
        org=org,
        changes={
            "year": year,
            "quotas": {ht.title: places for ht, places in quotas.items()},
            "ratio": str(ratio),
            "steps": "、".join(
                label
                for on, label in (
                    (base_vote, "基层职工投票"),
                    (consult, "征求意见"),
                    (committee, "评审委员会评审"),
                )
                if on
            ),
        },
    )
    return rnd


def _nearest_quota_holder(rnd: Round, honor_type: HonorType, org: Org) -> Quota | None:
    rows = {
        q.org.path: q
        for q in Quota.objects.filter(round=rnd, honor_type=honor_type).select_related("org")
    }
    step = Org.steplen
    for end in range(len(org.path) - step, 0, -step):
        if org.path[:end] in rows:
            return rows[org.path[:end]]
    return None


def _given_below(rnd: Round, honor_type: HonorType, holder: Quota, exclude: Org | None) -> int:
    """The places `holder` has given to the unions whose nearest quota holder it is."""
    total = 0
    for q in (
        Quota.objects.filter(
            round=rnd, honor_type=honor_type, org__path__startswith=holder.org.path
        )
        .exclude(pk=holder.pk)
        .select_related("org")
    ):
        if exclude is not None and q.org_id == exclude.pk:
            continue
        nearest = _nearest_quota_holder(rnd, honor_type, q.org)
        if nearest is not None and nearest.pk == holder.pk:
            total += q.places
    return total


@atomic_keeping_denials(durable=True)
def quota_set(*, actor: User, round: Round, honor_type: HonorType, org: Org, places: int) -> Quota:
    """Give `org` `places` of `honor_type` out of its nearest ancestor's places; that ancestor
    must be the actor's own union (each level splits its own places)."""
    rnd = Round.objects.select_for_update().select_related("org").get(pk=round.pk)
    require_scope(actor, org, rnd)
    require_open(rnd, "分配名额")
    if not rnd.honor_types.filter(pk=honor_type.pk).exists():
        raise ApplicationError(TYPE_NOT_IN_ROUND.format(honor=honor_type.title))
    if org.pk == rnd.org_id or not org.path.startswith(rnd.org.path):
        raise ApplicationError(NOT_BELOW, field="org")
    parent = _nearest_quota_holder(rnd, honor_type, org)
    if parent is None or parent.org_id != actor.org_id:
        raise ApplicationError(
            NO_PARENT_QUOTA.format(org=actor.org.name if actor.org else "", honor=honor_type.title)
        )
    given = _given_below(rnd, honor_type, parent, exclude=org)
    if given + places > parent.places:
        raise ApplicationError(
            SPLIT_OVER.format(
                parent=parent.org.name,
                honor=honor_type.title,
                places=parent.places,
                given=given,
                asked=places,
            ),
            field="places",
        )
    quota, created = Quota.objects.get_or_create(
        round=rnd, honor_type=honor_type, org=org, defaults={"places": places}
    )
    below = _given_below(rnd, honor_type, quota, exclude=None)
    if places < below:
        raise ApplicationError(BELOW_CHILDREN.format(org=org.name, given=below), field="places")
    before = 0 if created else quota.places
    quota.places = places
    quota.save()
    join_round(rnd, org)
    refresh_deadlines(rnd)
    audit_record(
        actor=actor,
        action="honors.quota_set",
        obj=rnd,
        org=rnd.org,
        changes={"org": org.name, "honor": honor_type.title, "places": [before, places]},
    )
    return quota
