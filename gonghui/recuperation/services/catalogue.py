"""Bases, plans, batches and the split of a batch's places between unions."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.inbox.services import refresh
from gonghui.orgs.models import Org
from gonghui.recuperation.metrics import stats_batch_changed
from gonghui.recuperation.models import (
    BaseLevel,
    Batch,
    Plan,
    Quota,
    Resort,
)
from gonghui.recuperation.selectors import held_in
from gonghui.recuperation.services.common import require_organiser, require_scope

NAME_REQUIRED = "请填写名称。"
NAME_TOO_LONG = "名称不能超过{n}个字。"
PLACE_REQUIRED = "请填写基地所在地点。"
LEVEL_INVALID = "请选择基地级别（省级或市级）。"
RESORT_DUPLICATE = "已有名为「{name}」的疗休养基地。"
YEAR_INVALID = "年度须在 2000 到 2100 之间。"
PLAN_DUPLICATE = "「{org}」{year}年已有名为「{title}」的计划。"
ORG_INACTIVE = "「{name}」已撤销或合并，不能组织疗休养。"
RESORT_INACTIVE = "基地「{name}」已停用，请选择其他基地。"
DATES_ORDER = "返回日期不能早于出发日期。"
PLACES_INVALID = "总名额须为 1 到 2000 之间的整数。"
PLACES_BELOW_TAKEN = "本批次已有 {taken} 人报名，总名额不能少于 {taken}。"
QUOTA_NOT_BELOW = "「{org}」不在计划组织单位「{plan_org}」之下，不能分配名额。"
QUOTA_OVER_TOTAL = "分配的名额合计 {total} 人，超过本批次总名额 {places} 人。"
QUOTA_BELOW_TAKEN = "「{org}」已报名 {count} 人，名额不能少于 {count}。"
QUOTA_NESTED = "「{org}」与「{other}」存在上下级关系，同一批次只能分配给互不包含的工会。"
QUOTA_NEGATIVE = "名额须为不小于 0 的整数。"

PLACES_MAX = 2000


def _name(value: str, *, field: str, limit: int) -> str:
    value = clean_text(value, label="名称", field=field)
    if not value:
        raise ApplicationError(NAME_REQUIRED, field=field)
    if len(value) > limit:
        raise ApplicationError(NAME_TOO_LONG.format(n=limit), field=field)
    return value


def _saved(obj, conflict: str) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise Conflict(conflict, field="name") from None


@atomic_keeping_denials
def resort_create(
    *, actor: User, org: Org, name: str, place: str, level: str, plaque: bool = False
) -> Resort:
    require_scope(actor, org)
    name = _name(name, field="name", limit=80)
    place = clean_text(place, label="地点", field="place")
    if not place:
        raise ApplicationError(PLACE_REQUIRED, field="place")
    if level not in BaseLevel.values:
        raise ApplicationError(LEVEL_INVALID, field="level")
    resort = Resort(org=org, name=name, place=place[:120], level=level, plaque=bool(plaque))
    _saved(resort, RESORT_DUPLICATE.format(name=name))
    audit_record(
        actor=actor,
        action="recuperation.resort_create",
        obj=resort,
        org=org,
        changes={"name": name, "place": resort.place, "level": level, "plaque": resort.plaque},
    )
    return resort


@atomic_keeping_denials
def plan_create(*, actor: User, org: Org, year: int, title: str) -> Plan:
    require_scope(actor, org)
    if not org.is_active:
        raise ApplicationError(ORG_INACTIVE.format(name=org.name), field="org")
    if not 2000 <= int(year) <= 2100:
        raise ApplicationError(YEAR_INVALID, field="year")
    title = _name(title, field="title", limit=100)
    plan = Plan(org=org, year=int(year), title=title, created_by=actor)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise Conflict(
            PLAN_DUPLICATE.format(org=org.name, year=year, title=title), field="title"
        ) from None
    audit_record(
        actor=actor,
        action="recuperation.plan_create",
        obj=plan,
        org=org,
        changes={"year": plan.year, "title": title, "org": org.name},
    )
    return plan


def _batch_fields(
    *, name: str, resort: Resort, route: str, start_on: date, end_on: date, places: int
) -> dict[str, Any]:
    name = _name(name, field="name", limit=100)
    if not resort.active:
        raise ApplicationError(RESORT_INACTIVE.format(name=resort.name), field="resort")
    if end_on < start_on:
        raise ApplicationError(DATES_ORDER, field="end_on")
    try:
        places = int(places)
    except (TypeError, ValueError):
        places = 0
    if not 1 <= places <= PLACES_MAX:
        raise ApplicationError(PLACES_INVALID, field="places")
    route = clean_text(route, label="线路", field="route")[:200]
    return {
        "name": name,
        "resort": resort,
        "route": route,
        "start_on": start_on,
        "end_on": end_on,
        "places": places,
    }


def batch_snapshot(batch: Batch) -> dict[str, Any]:
    return {
        "name": batch.name,
        "resort": batch.resort.name,
        "route": batch.route,
        "start_on": batch.start_on.isoformat(),
        "end_on": batch.end_on.isoformat(),
        "places": batch.places,
    }


@atomic_keeping_denials
def batch_create(
    *,
    actor: User,
    plan: Plan,
    name: str,
    resort: Resort,
    start_on: date,
    end_on: date,
    places: int,
    route: str = "",
) -> Batch:
    require_organiser(actor, plan)
    fields = _batch_fields(
        name=name, resort=resort, route=route, start_on=start_on, end_on=end_on, places=places
    )
    batch = Batch.objects.create(plan=plan, **fields)
    stats_batch_changed(before=None, after=batch)
    audit_record(
        actor=actor,
        action="recuperation.batch_create",
        obj=batch,
        org=plan.org,
        changes=batch_snapshot(batch),
    )
    return batch


@atomic_keeping_denials
def batch_update(
    *,
    actor: User,
    batch: Batch,
    name: str,
    resort: Resort,
    start_on: date,
    end_on: date,
    places: int,
    route: str = "",
) -> Batch:
    batch = (
        Batch.objects.select_for_update(of=("self",))
        .select_related("plan__org", "resort")
        .get(pk=batch.pk)
    )
    require_organiser(actor, batch.plan, batch)
    fields = _batch_fields(
        name=name, resort=resort, route=route, start_on=start_on, end_on=end_on, places=places
    )
    if fields["places"] < batch.taken:
        raise ApplicationError(PLACES_BELOW_TAKEN.format(taken=batch.taken), field="places")
    quota_total = batch.quotas.aggregate(n=Sum("places"))["n"] or 0
    if quota_total > fields["places"]:
        raise ApplicationError(
            QUOTA_OVER_TOTAL.format(total=quota_total, places=fields["places"]), field="places"
        )
    before = batch_snapshot(batch)
    old = Batch(plan=batch.plan, start_on=batch.start_on)
    for key, value in fields.items():
        setattr(batch, key, value)
    batch.save()
    stats_batch_changed(before=old, after=batch)
    refresh(batch)
    after = batch_snapshot(batch)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(
        actor=actor,
        action="recuperation.batch_update",
        obj=batch,
        org=batch.plan.org,
        changes=changes,
    )
    return batch


@atomic_keeping_denials
def batch_set_quotas(*, actor: User, batch: Batch, quotas: dict[Org, int]) -> Batch:
    """Replace the split of the batch's places: `{union: places}`; a union with 0 is dropped.
    Each union lies below the organiser; none contains another; the sum stays within the total
    and each union keeps at least the places its people hold."""
    batch = (
        Batch.objects.select_for_update(of=("self",)).select_related("plan__org").get(pk=batch.pk)
    )
    plan = batch.plan
    require_organiser(actor, plan, batch)
    kept: dict[Org, int] = {}
    for org, places in quotas.items():
        try:
            places = int(places)
        except (TypeError, ValueError):
            places = -1
        if places < 0:
            raise ApplicationError(QUOTA_NEGATIVE, field="quotas")
        if not org.path.startswith(plan.org.path) or org.pk == plan.org_id:
            raise ApplicationError(
                QUOTA_NOT_BELOW.format(org=org.name, plan_org=plan.org.name), field="quotas"
            )
        if places:
            kept[org] = places
    orgs = sorted(kept, key=lambda o: o.path)
    for first, second in zip(orgs, orgs[1:], strict=False):
        if second.path.startswith(first.path):
            raise ApplicationError(
                QUOTA_NESTED.format(org=second.name, other=first.name), field="quotas"
            )
    total = sum(kept.values())
    if total > batch.places:
        raise ApplicationError(
            QUOTA_OVER_TOTAL.format(total=total, places=batch.places), field="quotas"
        )
    for org, places in kept.items():
        count = held_in(batch, org)
        if places < count:
            raise ApplicationError(QUOTA_BELOW_TAKEN.format(org=org.name, count=count))
    before = {q.org.name: q.places for q in batch.quotas.select_related("org")}
    batch.quotas.all().delete()
    Quota.objects.bulk_create([Quota(batch=batch, org=o, places=p) for o, p in kept.items()])
    audit_record(
        actor=actor,
        action="recuperation.quotas",
        obj=batch,
        org=plan.org,
        changes={"quotas": [before, {o.name: p for o, p in kept.items()}]},
    )
    return batch
