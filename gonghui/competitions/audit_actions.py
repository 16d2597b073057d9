"""Audit actions of the competitions (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import (
    Field,
    codes,
    register_actions,
    register_fields,
    register_object_page,
)
from gonghui.competitions.models import (
    Competition,
    ContestStatus,
    EntryKind,
    Prize,
    Title,
)
from gonghui.members.codes import TECH_LEVEL_CHOICES

_CONTEST_FIELDS = {
    field.name: Field(
        label=str(field.verbose_name),
        choices=codes(field.flatchoices) if field.choices else {},
        change=True,
    )
    for field in Competition._meta.concrete_fields
}

register_actions(
    {
        "competitions.contest.create": "新建竞赛",
        "competitions.contest.update": "修改竞赛",
        "competitions.contest.transition": "变更竞赛状态",
        "competitions.contest.document": "上传竞赛文件",
        "competitions.contest.enter": "竞赛报名",
        "competitions.contest.apply": "职工网上报名竞赛",
        "competitions.contest.confirm": "确认竞赛报名",
        "competitions.contest.withdraw": "退出竞赛",
        "competitions.contest.result": "录入竞赛成绩",
        "competitions.contest.put_forward": "推荐荣誉",
        "competitions.contest.entries.import": "导入竞赛报名",
        "competitions.contest.entries.import_cancel": "取消竞赛报名导入",
        "competitions.contest.results.import": "导入竞赛成绩",
        "competitions.contest.results.import_cancel": "取消竞赛成绩导入",
        "competitions.contest.units.import": "导入竞赛参赛单位",
        "competitions.contest.units.import_cancel": "取消竞赛参赛单位导入",
        "competitions.contest.teams.import": "导入竞赛参赛班组",
        "competitions.contest.teams.import_cancel": "取消竞赛参赛班组导入",
    },
    fields={
        **_CONTEST_FIELDS,
        "status": Field(label="状态", choices=codes(ContestStatus.choices), change=True),
        "entry": Field(label="报名记录"),
        "entry_kind": Field(label="参赛类别", choices=codes(EntryKind.choices)),
        "who": Field(label="参赛者"),
        "trade": Field(label="工种"),
        "score": Field(label="成绩", change=True),
        "rank": Field(label="名次", change=True),
        "prize": Field(label="奖项", choices=codes(Prize.choices), change=True),
        "title": Field(label="称号", choices=codes(Title.choices), change=True),
        "promoted_to": Field(label="晋升技术等级", choices=codes(TECH_LEVEL_CHOICES), change=True),
        "document": Field(label="文件"),
        "bytes": Field(label="大小（字节）"),
    },
)

# The keys the contests' org handler adds to 「合并组织」 (org.merge).
register_fields(
    {
        "contests_moved": Field(label="转移主办竞赛数"),
        "entries_moved": Field(label="转移参赛登记数"),
    }
)

register_object_page("competitions.Competition", "competitions:detail")

# The online quiz and the studios (with 五小) register their own, in their packages.
from gonghui.competitions.quiz import audit_actions as _quiz  # noqa: E402, F401
from gonghui.competitions.studios import audit_actions as _studios  # noqa: E402, F401
from gonghui.competitions.training import audit_actions as _training  # noqa: E402, F401

# The online courses of 工匠学院 register their own (gonghui/competitions/training/online).
from gonghui.competitions.training.online import audit_actions as _online  # noqa: E402, F401
