"""Demo staff accounts: one per role and level down the 城关区 branch, plus the cross-county pair
the transfer demo needs and one account granted full personal data."""

import unicodedata
from dataclasses import dataclass

from django.db import transaction

from gonghui.accounts.grants import pii_grant_group
from gonghui.accounts.models import User
from gonghui.accounts.permissions import (
    GRANT_PII,
    ROLE_AGENT,
    ROLE_AUDITOR,
    ROLE_STAFF,
    ROLE_SYSADMIN,
    ROLE_UNION_ADMIN,
)
from gonghui.accounts.roles import ensure_roles
from gonghui.accounts.services import user_create
from gonghui.demo.orgs import DEMO_OTHER_COUNTY_STREET_CODE, DEMO_STREET_CODE
from gonghui.orgs.models import Org, OrgType

DEMO_PASSWORD = "Gonghui@2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    roles: tuple[str, ...]
    place: str  # key into demo_orgs()


_LEVELS = [
    ("prov", "province"),
    ("lz", "lanzhou"),
    ("cg", "chengguan"),
    ("jd", "street"),
    ("base", "street_base"),
]
DEMO_ACCOUNTS = (
    [DemoAccount("sysadmin", (ROLE_SYSADMIN,), "province")]
    + [
        DemoAccount(f"{prefix}_{suffix}", (role,), place)
        for prefix, place in _LEVELS
        for suffix, role in (
            ("admin", ROLE_UNION_ADMIN),
            ("staff", ROLE_STAFF),
            ("audit", ROLE_AUDITOR),
        )
    ]
    + [
        DemoAccount("qlh_admin", (ROLE_UNION_ADMIN,), "qilihe"),
        DemoAccount("qlh_base_admin", (ROLE_UNION_ADMIN,), "qilihe_base"),
        DemoAccount("cg_pii", (ROLE_UNION_ADMIN, GRANT_PII), "chengguan"),
        DemoAccount("agent", (ROLE_AGENT,), "province"),
    ]
)


def _first_employer_union(township_code: str) -> Org | None:
    township = Org.objects.filter(org_type=OrgType.TOWNSHIP, division_code=township_code).first()
    if township is None:
        return None
    return (
        Org.objects.filter(
            path__startswith=township.path, depth=township.depth + 1, org_type=OrgType.BASE
        )
        .exclude(unit_nature="500")
        .order_by("path")
        .first()
    )


def demo_orgs() -> dict[str, Org | None]:
    def regional(org_type: str, code: str) -> Org | None:
        return Org.objects.filter(org_type=org_type, division_code=code).first()

    return {
        "province": Org.objects.filter(depth=1).order_by("path").first(),
        "lanzhou": regional(OrgType.CITY, "620100000000"),
        "chengguan": regional(OrgType.COUNTY, "620102000000"),
        "street": regional(OrgType.TOWNSHIP, DEMO_STREET_CODE),
        "street_base": _first_employer_union(DEMO_STREET_CODE),
        "qilihe": regional(OrgType.COUNTY, "620103000000"),
        "qilihe_base": _first_employer_union(DEMO_OTHER_COUNTY_STREET_CODE),
    }


@dataclass(frozen=True)
class AccountRow:
    username: str
    roles: str
    org: str
    created: bool


@transaction.atomic
def ensure_demo_accounts() -> list[AccountRow]:
    """Create the demo accounts that are missing (existing ones are left as they are)."""
    ensure_roles()
    # The purpose group a 系统管理员 would create; no built-in role carries the grant.
    pii_grant_group()
    orgs = demo_orgs()
    rows = []
    for spec in DEMO_ACCOUNTS:
        org = orgs[spec.place]
        if org is None:
            continue
        user = User.objects.filter(username=spec.username).select_related("org").first()
        created = user is None
        if created:
            user = user_create(
                actor=None,
                username=spec.username,
                password=DEMO_PASSWORD,
                org=org,
                roles=list(spec.roles),
                full_name=f"演示·{spec.roles[0]}",
            )
        rows.append(
            AccountRow(
                username=user.username,
                roles="、".join(
                    sorted(user.groups.values_list("name", flat=True), key=_role_order)
                ),
                org=user.org.name if user.org else "（全省）",
                created=created,
            )
        )
    return rows


def _role_order(name: str) -> int:
    order = [ROLE_SYSADMIN, ROLE_UNION_ADMIN, ROLE_STAFF, ROLE_AUDITOR, ROLE_AGENT, GRANT_PII]
    return order.index(name) if name in order else len(order)


HEADERS = ("用户名", "角色", "所属工会")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def accounts_table(rows: list[AccountRow]) -> str:
    """Plain-text table for the terminal (CJK characters count double)."""
    cells = [HEADERS] + [(r.username, r.roles, r.org) for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(3)]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"密码（全部演示账号）：{DEMO_PASSWORD}")
    return "\n".join(lines)


def accounts_markdown(rows: list[AccountRow]) -> str:
    lines = ["| 用户名 | 角色 | 所属工会 |", "|---|---|---|"]
    lines += [f"| `{r.username}` | {r.roles} | {r.org} |" for r in rows]
    lines += ["", f"全部演示账号的密码：`{DEMO_PASSWORD}`"]
    return "\n".join(lines)
