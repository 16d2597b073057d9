"""The built-in layouts of the 推荐审批表 (chosen per honor type by 系统管理员: HonorType.
form_layout): the title, the fields in their order, and the opinion boxes, one per level (or
the 征求意见 / 评审委员会 stages), each filled from the nomination's history."""

from collections.abc import Callable
from dataclasses import dataclass

from gonghui.honors.models import FormLayout, Nomination, ReviewAction, Step
from gonghui.honors.rounds.services.common import step_of


def _gender(n: Nomination) -> str:
    return n.member.get_gender_display() if n.member_id else ""


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


FIELDS: dict[str, tuple[str, Callable[[Nomination], object]]] = {
    "name": ("姓名", lambda n: n.name),
    "collective": ("集体名称", lambda n: n.name),
    "gender": ("性别", _gender),
    "employer": ("工作单位", lambda n: n.employer),
    "org": ("推荐单位", lambda n: n.org.name),
    "post": ("岗位（职务）", lambda n: n.post),
    "skill_grade": ("技能等级", lambda n: n.skill_grade),
    "front_line": ("一线职工", lambda n: _yes(n.front_line)),
    "flags": (
        "人员类别",
        lambda n: (
            "、".join(
                label
                for on, label in (
                    (n.new_form, "新就业形态劳动者"),
                    (n.migrant, "农民工"),
                    (n.skilled, "高技能人才"),
                )
                if on
            )
            or "—"
        ),
    ),
    "credit_code": ("统一社会信用代码", lambda n: n.credit_code),
    "headcount": ("职工人数", lambda n: n.headcount or ""),
    "deeds": ("主要事迹", lambda n: n.deeds),
    "innovations": ("创新成果", lambda n: n.innovations),
    "craft": ("绝技绝活及创新成果", lambda n: n.innovations),
    "prior_honors": ("曾获荣誉", lambda n: n.prior_honors),
    "vote": (
        "职工投票",
        lambda n: (
            f"应到{n.votes_expected}人，实到{n.votes_total}人，赞成{n.votes_for}票"
            if n.vote_date
            else ""
        ),
    ),
}


@dataclass(frozen=True)
class Layout:
    title: str  # "{title}" is the honor type's title
    fields: tuple[str, ...]
    opinions: tuple[tuple[str, str], ...]  # (box label, Step value / "consult" / "committee")
    note: str = ""


LAYOUTS = {
    FormLayout.MODEL: Layout(
        "{title}推荐审批表",
        ("name", "gender", "employer", "post", "front_line", "flags", "deeds", "prior_honors"),
        (
            ("所在单位工会意见", Step.BASE),
            ("县（区）总工会意见", Step.COUNTY),
            ("市（州）总工会意见", Step.CITY),
            ("有关部门意见", "consult"),
            ("评选表彰工作委员会意见", "committee"),
            ("省总工会意见", Step.PROVINCE),
        ),
        "本表一式三份，所在单位党组织意见另附。",
    ),
    FormLayout.MEDAL: Layout(
        "{title}推荐表",
        ("name", "gender", "employer", "post", "skill_grade", "front_line", "deeds", "vote"),
        (
            ("基层工会意见", Step.BASE),
            ("县（区）总工会意见", Step.COUNTY),
            ("市（州）总工会意见", Step.CITY),
            ("省总工会意见", Step.PROVINCE),
        ),
    ),
    FormLayout.PIONEER: Layout(
        "{title}（集体）推荐审批表",
        ("collective", "credit_code", "headcount", "org", "deeds", "prior_honors", "vote"),
        (
            ("所在单位意见", Step.BASE),
            ("上级工会意见", Step.CITY),
            ("评审委员会意见", "committee"),
            ("省总工会意见", Step.PROVINCE),
        ),
    ),
    FormLayout.CRAFTSMAN: Layout(
        "{title}选树推荐表",
        ("name", "gender", "employer", "post", "skill_grade", "craft", "deeds", "prior_honors"),
        (
            ("推荐单位意见", Step.BASE),
            ("市（州）总工会意见", Step.CITY),
            ("专家评审意见", "committee"),
            ("省总工会意见", Step.PROVINCE),
        ),
    ),
}

_DECISIONS = {
    ReviewAction.NOMINATE,
    ReviewAction.SUBMIT,
    ReviewAction.RESUBMIT,
    ReviewAction.APPROVE,
    ReviewAction.RETURN,
    ReviewAction.REJECT,
}


def layout_of(n: Nomination) -> Layout:
    return LAYOUTS.get(n.honor_type.form_layout, LAYOUTS[FormLayout.MEDAL])


def opinion_text(n: Nomination, box: str) -> str:
    """What the level (or stage) said: its last decision, or the departments' opinions / the
    committee's result."""
    steps = list(n.steps.select_related("org"))
    if box == "consult":
        wanted = [s for s in steps if s.action in (ReviewAction.OPINION, ReviewAction.OVERRIDE)]
        return "；".join(f"{s.department}：{s.note}" for s in wanted)
    if box == "committee":
        wanted = [s for s in steps if s.action == ReviewAction.SCORE]
        return wanted[-1].note if wanted else ""
    wanted = [s for s in steps if s.action in _DECISIONS and step_of(s.org, n.org) == box]
    if not wanted:
        return ""
    last = wanted[-1]
    text = f"{last.get_action_display()}　{last.note}".strip()
    return f"{text}（{last.org.name}，{last.at:%Y年%m月%d日}）"


def rows_of(n: Nomination) -> list[tuple[str, str]]:
    layout = layout_of(n)
    return [(FIELDS[key][0], str(FIELDS[key][1](n) or "")) for key in layout.fields]
