"""Audit actions of the union tree (see gonghui/audit/registry.py). What a merge moved is
recorded under the keys of the handlers that moved it (gonghui.orgs.handlers), each app
labelling its own."""

from gonghui.audit.registry import Field, coded, register_actions, register_object_page
from gonghui.orgs.models import OrgStatus, OrgType

register_actions(
    {
        "org.create": "新建组织",
        "org.update": "修改组织",
        "org.move": "移动组织",
        "org.merge": "合并组织",
        "org.dissolve": "撤销组织",
        "org.export": "导出组织名单",
        "org.import": "导入组织",
        "org.import_cancel": "取消组织导入",
    },
    fields={
        "parent": Field(label="上级工会"),
        "into": Field(label="并入"),
        "org_type": coded("组织类型", OrgType),
        "status": coded("状态", OrgStatus),
        "read": Field(label="读取行数"),
        "created": Field(label="新建"),
        "updated": Field(label="更新"),
        "skipped": Field(label="跳过"),
        "failed": Field(label="出错"),
        "cancelled": Field(label="已取消"),
    },
)

# Where an audit row's detail page links its object (gonghui.audit.objects).
register_object_page("orgs.Org", "orgs:detail")
# A staff account's page is here too (工作人员账号, gonghui/orgs/staff_views.py).
register_object_page("accounts.User", "orgs:staff_detail")
