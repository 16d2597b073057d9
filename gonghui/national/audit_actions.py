"""Audit actions of the national link (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, codes, register_actions
from gonghui.national.models import ConsentBy

register_actions(
    {
        "national.transfer.request": "申请跨省转出",
        "national.transfer.receive": "收到跨省转入申请",
        "national.transfer.approve": "同意跨省转入",
        "national.transfer.reject": "拒绝跨省转入",
        "national.transfer.closed": "跨省转出完成",
        "national.transfer.refused": "跨省转出被拒绝",
    },
    fields={
        "ref": Field(label="转会编号"),
        "peer": Field(label="对方省份"),
        "to_org": Field(label="转入工会代码"),
        "consent_by": Field(label="同意方式", choices=codes(ConsentBy.choices)),
        "consent_version": Field(label="同意书版本"),
        "note": Field(label="审批意见"),
    },
)
