from collections import Counter
from datetime import date
from io import StringIO
from itertools import islice

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.utils import timezone
from stdnum.cn import uscc

from gonghui.accounts.models import User
from gonghui.accounts.permissions import (
    GRANT_PII,
    ROLE_AUDITOR,
    ROLE_STAFF,
    ROLE_SYSADMIN,
    ROLE_UNION_ADMIN,
    Perm,
)
from gonghui.core import crypto
from gonghui.demo.accounts import DEMO_PASSWORD
from gonghui.demo.members import load_holders, seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.people import MemberGenerator
from gonghui.demo.workers import DEMO_WORKERS
from gonghui.members.codes import NEW_FORMS, Category, ChangeType, MemberStatus
from gonghui.members.idnumber import parse_id_number
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.selectors import member_list
from gonghui.orgs.loader import load_org_tree
from gonghui.orgs.models import Org, OrgType
from gonghui.portal.models import Worker

pytestmark = pytest.mark.django_db

N = 400


def _seed(seed: int = 7, n: int = N) -> None:
    load_org_tree()
    seed_orgs(seed)
    seed_members(n, seed)


def _snapshot():
    members = [
        (m.name, m.id_number, m.phone, m.org.name, m.category, m.joined_on)
        for m in Member.objects.select_related("org").order_by("pk")
    ]
    orgs = list(Org.objects.order_by("path").values_list("path", "name", "uscc", "org_type"))
    return members, orgs


def _expected_regions(org: Org, cache: dict) -> set[str]:
    """ID region codes a member of `org` may carry: its county's, or its city's if it has no
    county (兰州新区: 永登/皋兰; 嘉峪关: 620200)."""
    if org.pk not in cache:
        ancestors = {a.depth: a for a in Org.objects.get_ancestors(org)} | {org.depth: org}
        county = ancestors.get(3)
        if county is not None and county.org_type == OrgType.COUNTY:
            cache[org.pk] = {county.division_code[:6]}
        else:
            code = ancestors[2].division_code[:6]
            cache[org.pk] = {"620171": {"620121", "620122"}}.get(code, {code})
    return cache[org.pk]


def test_same_seed_gives_the_same_orgs_and_people():
    _seed()
    first = _snapshot()
    MembershipEvent.objects.all().delete()
    Member.objects.all().delete()
    Org.objects.all().delete()
    _seed()
    assert _snapshot() == first

    holders = load_holders()
    other = MemberGenerator(8, today=timezone.localdate()).draw(holders)
    assert [d.id_number for d in islice(other, N)] != [m[1] for m in first[0]]


def test_demo_unions_sit_in_a_sound_tree_with_valid_credit_codes():
    load_org_tree()
    created = seed_orgs(7)
    assert created > 3000
    assert seed_orgs(7) == 0
    lanzhou = Org.objects.get(name="兰州市总工会")
    assert all(not ids for ids in Org.objects.find_problems(parent=lanzhou))
    # The whole tree, checked in memory (find_problems makes a query per node).
    nodes = list(Org.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _, _ in nodes}
    children = Counter(path[:-4] for path, _, _ in nodes)
    for path, depth, numchild in nodes:
        assert depth == len(path) // 4
        assert depth == 1 or path[:-4] in paths
        assert numchild == children[path]

    for org_type in (OrgType.COMMUNITY, OrgType.BASE, OrgType.INDUSTRY, OrgType.FEDERATION):
        assert Org.objects.filter(org_type=org_type).exists()
    communities = Org.objects.filter(org_type=OrgType.COMMUNITY)
    assert all(c.name.endswith(("社区工会", "村工会")) for c in communities)
    # Every 街道 has communities; each sits right below a township.
    streets = Org.objects.filter(org_type=OrgType.TOWNSHIP, division_code__regex=r"^\d{6}0\d\d")
    for street in streets[:20]:
        kids = Org.objects.get_children(street)
        assert kids.filter(org_type=OrgType.COMMUNITY, name__endswith="社区工会").exists()
        assert kids.filter(org_type=OrgType.BASE).exists()

    bases = list(Org.objects.filter(org_type=OrgType.BASE))
    codes = [b.uscc for b in bases]
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert all(b.industry and b.unit_nature and b.founded_on and b.workers_count for b in bases)
    assert all(b.level in (4, 5) for b in bases)
    for org in Org.objects.filter(org_type__in=[OrgType.INDUSTRY, OrgType.FEDERATION]):
        assert Org.objects.get_parent(org).org_type in (OrgType.CITY, OrgType.COUNTY)


def test_every_member_has_a_valid_id_number_from_their_county():
    _seed()
    members = list(Member.objects.select_related("org"))
    assert len(members) == N
    cache: dict = {}
    today = timezone.localdate()
    # The region is the one of the union joined: a member who transferred since keeps his.
    joined_at = {
        e.member_id: e.org
        for e in MembershipEvent.objects.filter(change_type=ChangeType.JOIN).select_related("org")
    }
    for m in members:
        parsed = parse_id_number(m.id_number)
        region = _expected_regions(joined_at[m.pk], cache)
        assert parsed.region_code in region, (m.org.name, m.id_number)
        assert parsed.gender == m.gender
        assert parsed.birth_date == m.birth_date
        age = (today - m.birth_date).days / 365.25
        assert 18 <= age <= 77
        assert m.birth_date.replace(year=m.birth_date.year + 18) <= m.joined_on <= today
        assert m.org.holds_members
    assert len({m.id_number_hash for m in members}) == N
    assert len({m.phone for m in members}) == N
    assert all(m.phone[0] == "1" and len(m.phone) == 11 for m in members)


def test_card_numbers_and_history_match_what_member_create_writes():
    _seed()
    members = list(Member.objects.select_related("org"))
    # The card is issued by the union joined (a transfer keeps it, as `transfer_approve` does).
    joined_at = {
        e.member_id: e.org
        for e in MembershipEvent.objects.filter(change_type=ChangeType.JOIN).select_related("org")
    }
    assert all(m.card_number == f"{joined_at[m.pk].county_code}{m.pk:010d}" for m in members)
    assert len({m.card_number for m in members}) == N
    joins = Counter(
        MembershipEvent.objects.filter(change_type=ChangeType.JOIN).values_list(
            "member_id", flat=True
        )
    )
    assert joins == Counter({m.pk: 1 for m in members})
    retained = {m.pk for m in members if m.status == MemberStatus.RETAINED}
    assert (
        set(
            MembershipEvent.objects.filter(change_type=ChangeType.RETAIN).values_list(
                "member_id", flat=True
            )
        )
        == retained
    )
    # The look-up hashes work with the real selectors.
    someone = members[0]
    assert list(member_list(user=User(org=Org.objects.get(depth=1)), q=someone.id_number)) == [
        someone
    ]


def test_categories_genders_and_ages_come_in_realistic_proportions():
    load_org_tree()
    seed_orgs(7)
    holders = load_holders()
    drafts = list(islice(MemberGenerator(7, today=date(2026, 11, 1)).draw(holders), 5000))
    categories = Counter(d.category for d in drafts)
    share = {c: n / len(drafts) for c, n in categories.items()}
    assert 0.07 < sum(share.get(c, 0) for c in NEW_FORMS) < 0.13
    assert all(categories[c] for c in NEW_FORMS)
    assert 0.21 < share[Category.MIGRANT] < 0.29
    assert 0.04 < share[Category.RETIRED] < 0.12
    assert share[Category.EMPLOYED] > 0.45
    born_50s_to_70s = sum(1950 <= d.birth_date.year < 1980 for d in drafts) / len(drafts)
    assert born_50s_to_70s > 0.3
    assert all(d.gender == ("1" if int(d.id_number[16]) % 2 else "2") for d in drafts)
    han = sum(d.ethnicity == "01" for d in drafts) / len(drafts)
    assert 0.75 < han < 0.97
    assert {"03", "04", "26"} <= {d.ethnicity for d in drafts}  # 回族, 藏族, 东乡族
    # Most new-forms workers are organised by their trade's federation.
    nf = [d for d in drafts if d.category in NEW_FORMS]
    assert sum(d.holder.org_type == OrgType.FEDERATION for d in nf) / len(nf) > 0.4


def test_seeding_again_adds_people_without_clashing():
    _seed(n=100)
    assert seed_members(100, 7) == 100
    assert Member.objects.count() == 200
    assert Member.objects.values("id_number_hash").distinct().count() == 200


def test_seed_demo_command_creates_the_demo_accounts():
    out = StringIO()
    call_command("seed_demo", members=150, seed=3, stdout=out)
    # The 150 asked for, plus the demo worker 王建国's own membership.
    assert Member.objects.count() == 151
    text = out.getvalue()
    assert "cg_admin" in text and DEMO_PASSWORD in text

    def account(username: str) -> User:
        return User.objects.select_related("org").get(username=username)

    sysadmin = account("sysadmin")
    assert set(sysadmin.groups.values_list("name", flat=True)) == {ROLE_SYSADMIN}
    assert sysadmin.org.depth == 1
    for prefix, org_name in [
        ("prov", "甘肃省总工会"),
        ("lz", "兰州市总工会"),
        ("cg", "城关区总工会"),
        ("jd", "酒泉路街道工会"),
    ]:
        for suffix, role in [
            ("admin", ROLE_UNION_ADMIN),
            ("staff", ROLE_STAFF),
            ("audit", ROLE_AUDITOR),
        ]:
            user = account(f"{prefix}_{suffix}")
            assert user.org.name == org_name
            assert list(user.groups.values_list("name", flat=True)) == [role]
    base = account("base_admin")
    street = Org.objects.get(name="酒泉路街道工会")
    assert base.org.org_type == OrgType.BASE
    assert Org.objects.get_parent(base.org) == street
    assert account("base_audit").org == base.org
    qilihe = Org.objects.get(name="七里河区总工会")
    assert account("qlh_admin").org == qilihe
    assert account("qlh_base_admin").org.path.startswith(qilihe.path)
    assert account("qlh_base_admin").org.org_type == OrgType.BASE
    pii = account("cg_pii")
    assert set(pii.groups.values_list("name", flat=True)) == {ROLE_UNION_ADMIN, GRANT_PII}
    assert pii.has_perm(Perm.MEMBER_PII)
    assert not account("cg_admin").has_perm(Perm.MEMBER_PII)
    assert account("cg_staff").check_password(DEMO_PASSWORD)

    # --if-empty: nothing more once members exist; the accounts table as Markdown on stdout.
    out = StringIO()
    call_command(
        "seed_demo", members=150, seed=3, if_empty=True, accounts_markdown=True, stdout=out
    )
    assert Member.objects.count() == 151
    markdown = out.getvalue()
    assert markdown.startswith("| 用户名 | 角色 | 所属工会 |")
    assert "| `qlh_base_admin` | 工会管理员 |" in markdown
    assert "| `agent` | 12351坐席 | 甘肃省总工会 |" in markdown
    assert User.objects.count() == 20


@pytest.mark.django_db
def test_seed_demo_creates_the_portal_demo_workers_once():
    call_command("seed_demo", members=20, seed=3, stdout=StringIO())
    call_command("seed_demo", members=0, seed=3, if_empty=True, stdout=StringIO())
    assert Worker.objects.count() == len(DEMO_WORKERS) == 2
    member_worker = Worker.objects.get(phone_hash=crypto.lookup_hash("13800138000"))
    assert check_password(DEMO_PASSWORD, member_worker.password)
    assert member_worker.member.name == member_worker.name == "王建国"
    assert member_worker.member.org == User.objects.get(username="base_admin").org
    assert member_worker.member.card_number
    joiner = Worker.objects.get(phone_hash=crypto.lookup_hash("13800138001"))
    assert joiner.is_certified and joiner.member is None
