"""One demo hardship household that obeys the rules an application obeys.

The application's fields and household go through the archive service's own validation
(`_clean_fields`, `_clean_household`: valid choices, relations, ID numbers, no duplicates) and
its income arithmetic (`archive_income`). On top, the demo keeps what a clerk would check:
- the level matches the income: 深度困难 below the county's 低保 line, 相对困难 from the line to
  twice it, 意外致困 (a sudden illness or accident) below 2.5 times it;
- the health fields agree: 残疾 comes with a 残疾类别 and nothing else does; 本人患大病 is 重大疾病;
  家属患大病 and a disabled relative are someone else in the household;
- a spouse has the other sex, an age near the applicant's; children were born when the applicant
  was 20–40; 单亲 means children and no spouse; 零就业 means nobody earns.
"""

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from gonghui.assistance.codes import (
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
    Relation,
    WorkStatus,
)
from gonghui.assistance.services.archives import _clean_fields, _clean_household, archive_income
from gonghui.members.idnumber import check_digit
from gonghui.members.models import Member

# Per-capita monthly income as a share of the 低保 line: (low, high) for each level.
INCOME_BANDS = {
    Level.DEEP: (Decimal("0.40"), Decimal("0.97")),
    Level.RELATIVE: (Decimal("1.03"), Decimal("1.95")),
    Level.ACCIDENT: (Decimal("0.50"), Decimal("2.40")),
}
# What the rule is, as the archive's 建档标准 says it.
CRITERIA = {
    Level.DEEP: "家庭月人均收入低于当地城市低保标准",
    Level.RELATIVE: "家庭月人均收入高于当地低保标准、低于低保标准的2倍",
    Level.ACCIDENT: "因突发重大疾病或意外导致家庭生活暂时困难",
}
LEVEL_WEIGHTS = [(Level.DEEP, 30), (Level.RELATIVE, 60), (Level.ACCIDENT, 10)]
CAUSES_BY_LEVEL = {
    Level.DEEP: [
        (Cause.ILLNESS, 22),
        (Cause.FAMILY_ILLNESS, 18),
        (Cause.DISABILITY, 12),
        (Cause.UNEMPLOYED, 14),
        (Cause.LOW_WAGE, 12),
        (Cause.ENTERPRISE, 6),
        (Cause.EDUCATION, 8),
        (Cause.SINGLE_PARENT, 8),
    ],
    Level.RELATIVE: [
        (Cause.FAMILY_ILLNESS, 16),
        (Cause.DISABILITY, 6),
        (Cause.LOW_WAGE, 26),
        (Cause.ENTERPRISE, 10),
        (Cause.EDUCATION, 24),
        (Cause.SINGLE_PARENT, 8),
        (Cause.OTHER, 2),
    ],
    Level.ACCIDENT: [(Cause.ACCIDENT, 55), (Cause.ILLNESS, 45)],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚建国海鹏飞斌辉"
GIVEN_FEMALE = "芳娜敏静丽艳娟秀霞桂英华兰玉梅红燕萍"
SITUATION = {
    Cause.ILLNESS: "本人患大病，长期治疗，医疗支出大",
    Cause.FAMILY_ILLNESS: "家属患大病，医疗支出大",
    Cause.DISABILITY: "家中有残疾人，需长期照料",
    Cause.UNEMPLOYED: "本人失业，家庭收入骤减",
    Cause.LOW_WAGE: "工资收入低，家庭负担重",
    Cause.ENTERPRISE: "所在企业经营困难，工资不能按时足额发放",
    Cause.EDUCATION: "子女上学，教育支出大",
    Cause.SINGLE_PARENT: "单亲抚养子女",
    Cause.ACCIDENT: "家庭遭遇意外，生活暂时困难",
    Cause.OTHER: "家庭生活困难",
}


@dataclass
class Household:
    fields: dict  # the application's fields, as `archive_apply` takes them, cleaned
    people: list  # Person rows of `_clean_household`, 本人 first
    annual_income: Decimal
    per_capita: Decimal


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _years(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _relative(rng: random.Random, region: str, birth: date, male: bool, taken: set) -> dict:
    while True:
        seq = rng.randrange(500) * 2 + (1 if male else 0)
        body = f"{region}{birth:%Y%m%d}{seq:03d}"
        number = body + check_digit(body)
        if number not in taken:
            taken.add(number)
            break
    given = GIVEN_MALE if male else GIVEN_FEMALE
    name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))
    return {"name": name, "id_number": number}


def _schooling(age: int) -> str:
    if age < 6:
        return "学龄前"
    if age < 12:
        return "小学在读"
    if age < 15:
        return "初中在读"
    if age < 18:
        return "高中在读"
    return "大学在读" if age < 23 else "待业"


def draw_household(
    rng: random.Random, member: Member, county_code: str, line: Decimal, today: date
) -> Household:
    """A household for `member` (decrypted ID, birth date and gender used) under the 低保 `line`
    of the year of application."""
    level = _pick(rng, LEVEL_WEIGHTS)
    causes = {_pick(rng, CAUSES_BY_LEVEL[level]) for _ in range(rng.choice([1, 1, 2, 2, 3]))}
    male = member.gender == "1"
    age = (today - member.birth_date).days // 365
    region = county_code[:6]

    spouse = Cause.SINGLE_PARENT not in causes and age >= 22 and rng.random() < 0.85
    n_children = rng.choices([0, 1, 2, 3], weights=[15, 45, 32, 8])[0] if age >= 24 else 0
    if Cause.SINGLE_PARENT in causes:
        n_children = max(n_children, 1)
    if Cause.EDUCATION in causes:
        n_children = max(n_children, 1)
    taken = {member.id_number}
    rows = []
    if spouse:
        spouse_birth = member.birth_date + timedelta(days=rng.randint(-5 * 365, 5 * 365))
        spouse_birth = min(max(spouse_birth, _years(today, -75)), _years(today, -20))
        rows.append({"relation": Relation.SPOUSE, "birth": spouse_birth, "male": not male})
    first, last = _years(member.birth_date, 20), min(_years(member.birth_date, 40), today)
    for _ in range(n_children if first < last else 0):
        birth = first + timedelta(days=rng.randint(0, (last - first).days))
        rows.append({"relation": Relation.CHILD, "birth": birth, "male": rng.random() < 0.5})
    if not rows:  # a household of one can be no single parent, nor have a sick relative
        causes -= {Cause.SINGLE_PARENT, Cause.FAMILY_ILLNESS}
    if not any(r["relation"] == Relation.CHILD and _years(r["birth"], 23) > today for r in rows):
        causes.discard(Cause.EDUCATION)  # no child at school
    size = 1 + len(rows)

    # Health: the applicant's, and a sick or a disabled relative, each someone else.
    health, disability = rng.choice([Health.HEALTHY, Health.HEALTHY, Health.CHRONIC]), ""
    if Cause.ILLNESS in causes:
        health = Health.SERIOUS
    needs = []
    if Cause.DISABILITY in causes:
        if health != Health.SERIOUS and (not rows or rng.random() < 0.5):
            health, disability = Health.DISABLED, rng.choice(Disability.values[1:])
        else:
            needs.append((Cause.DISABILITY, Health.DISABLED))
    if Cause.FAMILY_ILLNESS in causes:
        needs.append((Cause.FAMILY_ILLNESS, Health.SERIOUS))
    places = rng.sample(range(len(rows)), len(rows))
    relative_health: dict[int, str] = {}
    for cause, state in needs:
        if places:
            relative_health[places.pop()] = state
        else:
            causes.discard(cause)
    if not causes:
        causes = {Cause.LOW_WAGE if level != Level.ACCIDENT else Cause.ACCIDENT}

    # Income: a per-capita figure inside the level's band, split between the earners.
    low, high = INCOME_BANDS[level]
    upper = line * high
    target = line * (low + (high - low) * Decimal(rng.random()))
    annual = (target * 12 * size).quantize(Decimal("1"), ROUND_HALF_UP)
    other = Decimal(rng.choice([0, 0, 0, 1200, 2400, 3600]))
    other = min(other, annual)
    monthly = ((annual - other) / 12).quantize(Decimal("10"), ROUND_HALF_UP)
    annual_total, per_capita = archive_income(monthly, other, size)
    while per_capita >= upper or (level == Level.RELATIVE and per_capita < line):
        monthly += Decimal(-10 if per_capita >= upper else 10)
        annual_total, per_capita = archive_income(monthly, other, size)

    self_works = Cause.UNEMPLOYED not in causes and health not in (Health.SERIOUS,)
    earners = (["self"] if self_works else []) + [
        i
        for i, row in enumerate(rows)
        if row["relation"] == Relation.SPOUSE and i not in relative_health and rng.random() < 0.8
    ]
    if not earners:  # nobody earns: what comes in is benefits, counted as other income
        other, monthly = other + monthly * 12, Decimal(0)
        annual_total, per_capita = archive_income(monthly, other, size)
    share = (monthly / len(earners)).quantize(Decimal("1")) if earners else Decimal(0)
    incomes = {e: share for e in earners}
    if earners:
        incomes[earners[0]] += monthly - share * len(earners)

    household = []
    for i, row in enumerate(rows):
        person = _relative(rng, region, row["birth"], row["male"], taken)
        child_age = (today - row["birth"]).days // 365
        person.update(
            relation=row["relation"],
            monthly_income=str(incomes.get(i, 0)),
            occupation=(
                ("务工" if i in incomes else "无业")
                if row["relation"] == Relation.SPOUSE
                else _schooling(child_age)
            ),
            health=relative_health.get(i, Health.HEALTHY),
        )
        household.append(person)
    has_spouse = any(r["relation"] == Relation.SPOUSE for r in rows)
    single_parent = not has_spouse and n_children > 0 and Cause.SINGLE_PARENT in causes
    if has_spouse:
        marriage = Marriage.MARRIED
    elif single_parent or rows:
        marriage = rng.choice([Marriage.DIVORCED, Marriage.WIDOWED])
    else:
        marriage = Marriage.SINGLE if age < 35 else rng.choice(list(Marriage.values))
        if marriage == Marriage.MARRIED:
            marriage = Marriage.DIVORCED
    unemployed = Cause.UNEMPLOYED in causes
    fields = _clean_fields(
        {
            "level": level,
            "causes": sorted(causes, key=Cause.values.index),
            "monthly_income": monthly,
            "other_annual_income": other,
            "criterion": CRITERIA[level],
            "health": health,
            "disability": disability,
            "housing": rng.choice(Housing.values),
            "housing_area": Decimal(rng.randint(18, 90)),
            "work_status": (
                WorkStatus.UNEMPLOYED
                if unemployed
                else WorkStatus.SICK_LEAVE
                if health == Health.SERIOUS
                else WorkStatus.EMPLOYED
            ),
            "industry": rng.choice(["制造业", "建筑业", "批发和零售业", "交通运输、仓储和邮政业"]),
            "marriage": marriage,
            "hukou": rng.choice([Hukou.URBAN, Hukou.URBAN, Hukou.RURAL]),
            "hukou_division": region,
            "employer_nature": rng.choice(EmployerNature.values),
            "enterprise_state": (
                EnterpriseState.DIFFICULT if Cause.ENTERPRISE in causes else EnterpriseState.NORMAL
            ),
            "single_parent": single_parent,
            "zero_employment": not earners,
            "self_reliant": health not in (Health.SERIOUS, Health.DISABLED),
            "medical_insurance": rng.choice(
                [MedicalInsurance.URBAN_EMPLOYEE, MedicalInsurance.URBAN_RESIDENT]
            ),
            "situation": "，".join(SITUATION[c] for c in sorted(causes)) + "。",
        }
    )
    people = _clean_household(member, household)
    people[0] = replace(people[0], monthly_income=incomes.get("self", Decimal(0)), health=health)
    return Household(
        fields=fields, people=people, annual_income=annual_total, per_capita=per_capita
    )
