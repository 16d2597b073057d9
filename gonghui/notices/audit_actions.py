"""Audit actions of notices (通知公告) (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, codes, register_actions, register_fields
from gonghui.notices.models import NoticeStatus

register_actions(
    {
        "notice.create": "发布通知公告",
        "notice.update": "修改通知公告",
        "notice.withdraw": "撤回通知公告",
    },
    fields={
        "title": Field(label="标题", change=True),
        "body": Field(label="正文", change=True),
        "publisher": Field(label="发布工会"),
        "target": Field(label="发布范围", change=True),
        "status": Field(label="状态", choices=codes(NoticeStatus.choices), change=True),
        "publish_from": Field(label="发布时间", change=True),
        "publish_until": Field(label="截止时间", change=True),
    },
)

# The key the notices' org handler adds to 「合并组织」 (org.merge).
register_fields({"notices_moved": Field(label="转移通知公告数")})
