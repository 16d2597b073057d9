"""Checking an application: the archive's fields and the household (the applicant is 本人).

Also the guard against a second open archive for anyone of the household, serialised per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection

from gonghui.assistance.codes import (
    OPEN_STATUSES,
    Cause,
    Disability,
    EmployerNature,
    EnterpriseState,
    Health,
    Housing,
    Hukou,
    Level,
    Marriage,
    MedicalInsurance,
    ModelWorker,
    Relation,
    WorkStatus,
)
from gonghui.assistance.models import (
    Archive,
    HouseholdMember,
)
from gonghui.assistance.services.archives.common import (
    ALREADY_OPEN,
    CAUSES_REQUIRED,
    CHOICE_INVALID,
    HOUSEHOLD_DUPLICATE,
    HOUSEHOLD_ID,
    HOUSEHOLD_NAME,
    HOUSEHOLD_RELATION,
    HOUSEHOLD_TOO_MANY,
    LEVEL_INVALID,
    MAX_HOUSEHOLD,
)
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError
from gonghui.core.masking import mask_id_number, mask_name
from gonghui.members.idnumber import parse_id_number
from gonghui.members.models import Member

# Optional fields of an application, besides the required ones checked in `_clean_fields`.
CHOICE_FIELDS: dict[str, tuple[type, str, bool]] = {
    # name: (choices, label, required)
    "health": (Health, "健康情况", True),
    "housing": (Housing, "住房类型", True),
    "work_status": (WorkStatus, "工作状态", True),
    "marriage": (Marriage, "婚姻状况", True),
    "hukou": (Hukou, "户口类型", True),
    "medical_insurance": (MedicalInsurance, "医保状况", True),
    "disability": (Disability, "残疾类别", False),
    "model_worker": (ModelWorker, "劳模类型", False),
    "employer_nature": (EmployerNature, "工作单位性质", False),
    "enterprise_state": (EnterpriseState, "企业状况", False),
}
FREE_FIELDS = {
    "criterion": 200,
    "industry": 40,
    "hukou_division": 12,
    "situation": 4000,
}
FLAG_FIELDS = ("single_parent", "zero_employment", "self_reliant")
OTHER_FIELDS = ("housing_area", "contract_start", "contract_end")


@dataclass(frozen=True)
class Person:
    relation: str
    name: str
    number: str
    birth_date: date | None
    gender: str
    occupation: str
    monthly_income: Decimal
    health: str


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - (
        {"level", "causes", "monthly_income", "other_annual_income"}
        | set(CHOICE_FIELDS)
        | set(FREE_FIELDS)
        | set(FLAG_FIELDS)
        | set(OTHER_FIELDS)
    )
    if unknown:
        raise TypeError(f"unknown archive fields: {sorted(unknown)}")
    out: dict[str, Any] = {}
    if fields.get("level") not in Level.values:
        raise ApplicationError(LEVEL_INVALID, field="level")
    out["level"] = fields["level"]
    causes = [c for c in (fields.get("causes") or []) if c in Cause.values]
    if not causes or len(causes) != len(fields.get("causes") or []):
        raise ApplicationError(CAUSES_REQUIRED, field="causes")
    out["causes"] = sorted(set(causes), key=Cause.values.index)
    for name, (choices, label, required) in CHOICE_FIELDS.items():
        value = fields.get(name) or ""
        if (required and not value) or (value and value not in choices.values):
            raise ApplicationError(CHOICE_INVALID.format(label=label), field=name)
        out[name] = value
    for name, limit in FREE_FIELDS.items():
        out[name] = (fields.get(name) or "").strip()[:limit]
    for name in FLAG_FIELDS:
        if name in fields:
            out[name] = bool(fields[name])
    for name in OTHER_FIELDS:
        if fields.get(name) not in (None, ""):
            out[name] = fields[name]
    out["monthly_income"] = parse_yuan(
        fields.get("monthly_income"), label="家庭月收入", field="monthly_income"
    )
    out["other_annual_income"] = parse_yuan(
        fields.get("other_annual_income"), label="家庭其他年收入", field="other_annual_income"
    )
    return out


def _clean_household(member: Member, household: list[dict]) -> list[Person]:
    number = member.id_number
    people = [
        Person(
            relation=Relation.SELF,
            name=member.name,
            number=number,
            birth_date=getattr(member, "birth_date", None),
            gender=getattr(member, "gender", "") or "",
            occupation="",
            monthly_income=Decimal(0),
            health="",
        )
    ]
    seen = {number}
    rows = [row for row in household or [] if any(str(v).strip() for v in row.values() if v)]
    if len(rows) + 1 > MAX_HOUSEHOLD:
        raise ApplicationError(HOUSEHOLD_TOO_MANY, field="household")
    for n, row in enumerate(rows, start=1):
        name = (row.get("name") or "").strip()[:40]
        if not name:
            raise ApplicationError(HOUSEHOLD_NAME.format(n=n), field="household")
        relation = row.get("relation") or ""
        if relation not in Relation.values or relation == Relation.SELF:
            raise ApplicationError(HOUSEHOLD_RELATION.format(n=n), field="household")
        try:
            parsed = parse_id_number(row.get("id_number") or "")
        except ApplicationError as exc:
            raise ApplicationError(
                HOUSEHOLD_ID.format(n=n, message=exc.message), field="household"
            ) from None
        if parsed.number in seen:
            raise ApplicationError(HOUSEHOLD_DUPLICATE.format(n=n), field="household")
        seen.add(parsed.number)
        health = row.get("health") or ""
        people.append(
            Person(
                relation=relation,
                name=name,
                number=parsed.number,
                birth_date=parsed.birth_date,
                gender=parsed.gender,
                occupation=(row.get("occupation") or "").strip()[:60],
                monthly_income=parse_yuan(
                    row.get("monthly_income"), label=f"第{n}位家庭成员的月收入", field="household"
                ),
                health=health if health in Health.values else "",
            )
        )
    return people


def _lock_people(hashes: list[str]) -> None:
    """Serialise applications touching the same people. On PostgreSQL, one transaction-scoped
    advisory lock per ID hash (in a fixed order: no deadlock); SQLite runs one writer at a time
    (transactions begin IMMEDIATE), which already serialises them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for h in sorted(set(hashes)):
            # 63 bits of the hash as the lock key.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(h[:15], 16)])


def _refuse_open(hashes: list[str], *, exclude: Archive | None = None) -> None:
    qs = HouseholdMember.objects.filter(
        id_number_hash__in=hashes, archive__status__in=OPEN_STATUSES
    ).select_related("archive__org")
    if exclude is not None:
        qs = qs.exclude(archive=exclude)
    hit = qs.order_by("archive_id").first()
    if hit is not None:
        raise ApplicationError(
            ALREADY_OPEN.format(
                name=mask_name(hit.name),
                id=mask_id_number(hit.id_number),
                org=hit.archive.org.name,
                status=hit.archive.get_status_display(),
            ),
            code="archive_open",
            field="household",
        )
