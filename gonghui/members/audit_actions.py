"""Audit actions of the member registry (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import (
    Field,
    coded,
    codes,
    register_actions,
    register_fields,
    register_object_page,
)
from gonghui.members.models import ChangeReason, Member, TeamKind, TransferSide

# A changed field of a member is stored as [before, after]; code lists read by their label.
_MEMBER_FIELDS = {
    field.name: Field(
        label=str(field.verbose_name),
        choices=codes(field.flatchoices) if field.choices else {},
        change=True,
    )
    for field in Member._meta.concrete_fields
}

register_actions(
    {
        "member.create": "会员入会",
        "member.update": "修改会员",
        "member.promote": "技术等级晋升",
        "member.unmask": "查看完整个人信息",
        "member.export": "导出会员名单",
        "member.retain": "保留会籍",
        "member.expel": "除名",
        "member.leave": "退会",
        "member.rejoin": "重新入会",
        "member.import": "导入会员",
        "member.import_cancel": "取消会员导入",
        "transfer.request": "申请转会",
        "transfer.approve": "同意转会",
        "transfer.reject": "拒绝转会",
        "transfer.cancel": "撤回转会",
    },
    fields={
        **_MEMBER_FIELDS,
        "id_number": Field(label="身份证号", change=True),
        "phone": Field(label="手机号", change=True),
        "reason": coded("原因", ChangeReason),
        "side": coded("发起方", TransferSide),
        "transfer": Field(label="转会申请"),
        "decision": Field(label="决定"),
        "jobs": Field(label="导入任务数"),
        "files": Field(label="文件数"),
        "older_than_days": Field(label="保留天数"),
        "full": Field(label="含完整个人信息"),
        "source": Field(label="依据"),
    },
)

# 班组 / 车间 / 项目部 (gonghui.members.teams).
register_actions(
    {
        "team.create": "新建班组",
        "team.update": "修改班组",
        "team.deactivate": "停用班组",
        "team.member_add": "班组添加成员",
        "team.member_remove": "班组移出成员",
        "team.member_left": "会员转出或离会，移出班组",
        "team.import": "导入班组",
        "team.import_cancel": "取消班组导入",
    },
    fields={
        "name": Field(label="名称", change=True),
        "kind": coded("类型", TeamKind, change=True),
        "org": Field(label="所属工会"),
        "leader": Field(label="班组长", change=True),
        "active": Field(label="在用", change=True),
        "member": Field(label="会员"),
        "role": Field(label="岗位"),
    },
)

# The key members' org handler adds to 「合并组织」 (org.merge).
register_fields(
    {"members_moved": Field(label="转移会员数"), "teams_moved": Field(label="转移班组数")}
)

# Where an audit row's detail page links its object (gonghui.audit.objects).
register_object_page("members.Member", "members:detail")
register_object_page("members.Team", "members:team_detail")
