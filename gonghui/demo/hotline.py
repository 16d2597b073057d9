"""A handful of demo 12351 cases, one in each state of the loop, so the agent console and the
handlers' queues have something to show. Deterministic: the same callers, complaints and steps
every time; only the times follow the clock (received a few hours ago). Behind them, a year of
cases at the demo's scale (`hotline_year`). Run once: nothing is added when cases exist."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.demo.accounts import demo_orgs
from gonghui.demo.hotline_year import seed_year_of_cases
from gonghui.hotline import services
from gonghui.hotline.codes import Category, Channel, Complexity, Kind, Rating, Result
from gonghui.hotline.models import Case
from gonghui.members.models import Member

# (caller, phone, category, complexity, employer, description, steps)
DEMO_CASES = [
    (
        "赵德明",
        "13893100001",
        Category.WAGES,
        Complexity.HARD,
        "兰州某建筑劳务公司",
        "在某小区工地做钢筋工，公司拖欠8名工友两个月工资共约9.6万元。",
        [],
    ),
    (
        "钱秀兰",
        "13893100002",
        Category.CONTRACT,
        Complexity.SIMPLE,
        "兰州某商贸公司",
        "入职半年公司一直未签订书面劳动合同，询问能否要求二倍工资。",
        ["dispatch"],
    ),
    (
        "孙建华",
        "13893100003",
        Category.SOCIAL_INSURANCE,
        Complexity.HARD,
        "兰州某物业公司",
        "公司自去年起未为保安员缴纳社会保险，涉及15人。",
        ["dispatch", "accept"],
    ),
    (
        "李春燕",
        "13893100004",
        Category.WOMEN,
        Complexity.HARD,
        "兰州某餐饮公司",
        "怀孕后被公司调岗降薪，要求恢复原岗位和工资。",
        ["dispatch", "accept", "transfer", "accept_street"],
    ),
    (
        "周志强",
        "13893100005",
        Category.WAGES,
        Complexity.HARD,
        "兰州某装饰公司",
        "装修项目完工后老板拖欠12名工人工资1.2万元。",
        ["dispatch", "accept", "close"],
    ),
    (
        "吴丽",
        "13893100006",
        Category.REST,
        Complexity.SIMPLE,
        "兰州某超市",
        "法定节假日加班未支付加班费。",
        ["dispatch", "accept", "close", "callback"],
    ),
    (
        "郑国庆",
        "13893100007",
        Category.INJURY,
        Complexity.COMPLEX,
        "七里河某机械厂",
        "工作中手部受伤，公司不给申报工伤。",
        ["dispatch_qilihe", "return"],
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).select_related("org").first()


@transaction.atomic
def seed_hotline_cases(*, year_seed: int | None = None) -> int:
    """Create the demo cases if there are none yet; returns how many were created. With
    `year_seed`, behind the hand-made ones, a year of cases at the scale of the members
    registered (`hotline_year`)."""
    if Case.objects.exists():
        return 0
    orgs = demo_orgs()
    agent, county, street, qilihe = (
        _user("agent"),
        _user("cg_staff"),
        _user("jd_staff"),
        _user("qlh_admin"),
    )
    if agent is None or county is None or orgs["chengguan"] is None:
        return 0
    now = timezone.now()
    created = 0
    for i, (name, phone, category, complexity, employer, text, steps) in enumerate(DEMO_CASES):
        if "accept_street" in steps and (street is None or orgs["street"] is None):
            continue
        if "dispatch_qilihe" in steps and (qilihe is None or orgs["qilihe"] is None):
            continue
        case = services.case_intake(
            actor=agent,
            channel=Channel.PHONE,
            received_at=now - timedelta(hours=len(DEMO_CASES) - i, minutes=10),
            caller_name=name,
            caller_phone=phone,
            kind=Kind.DEMAND,
            category=category,
            complexity=complexity,
            description=text,
            employer=employer,
            county=orgs["qilihe"] if "dispatch_qilihe" in steps else orgs["chengguan"],
            workers_affected=1,
        )
        for step in steps:
            v = case.version
            if step == "dispatch":
                to = orgs["chengguan"]
                case = services.case_dispatch(actor=agent, case=case, to_org=to, expected_version=v)
            elif step == "dispatch_qilihe":
                to = orgs["qilihe"]
                case = services.case_dispatch(actor=agent, case=case, to_org=to, expected_version=v)
            elif step == "accept":
                case = services.case_accept(actor=county, case=case, expected_version=v)
            elif step == "transfer":
                case = services.case_transfer(
                    actor=county,
                    case=case,
                    to_org=orgs["street"],
                    note="请属地街道工会办理",
                    expected_version=v,
                )
            elif step == "accept_street":
                case = services.case_accept(actor=street, case=case, expected_version=v)
            elif step == "return":
                case = services.case_return(
                    actor=qilihe, case=case, reason="该企业注册地不在本区", expected_version=v
                )
            elif step == "close":
                case = services.case_close(
                    actor=county,
                    case=case,
                    result=Result.RESOLVED,
                    outcome="约谈企业负责人，已支付全部款项。",
                    money_recovered="12000" if category == Category.WAGES else "0",
                    workers_benefited=12 if category == Category.WAGES else 1,
                    expected_version=v,
                )
            elif step == "callback":
                case = services.case_callback(
                    actor=agent, case=case, rating=Rating.SATISFIED, comment="处理及时"
                )
        created += 1
    if year_seed is not None:
        created += seed_year_of_cases(members=Member.objects.count(), seed=year_seed)
    return created
