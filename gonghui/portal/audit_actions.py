"""Audit actions of the worker portal: accounts, consent, joining and members' requests (see
gonghui/audit/registry.py)."""

from gonghui.audit.registry import (
    Field,
    coded,
    register_actions,
    register_fields,
    register_object_page,
)
from gonghui.members.codes import Category
from gonghui.portal.ecard import TokenState
from gonghui.portal.models import LegalKind
from gonghui.portal.services.joining.card_check import NOT_MEMBER

register_actions(
    {
        "portal.worker_register": "职工注册门户账号",
        "portal.password_set": "设置门户密码",
        "portal.login_locked": "门户登录失败次数过多，暂停登录",
        "portal.certify": "实名认证",
        "portal.certify_mismatch": "实名认证信息不一致",
        "portal.certify_duplicate": "实名认证：身份证号已被其他账号认证",
        "portal.consent": "同意用户协议与隐私政策",
        "portal.account_close": "撤回同意并注销门户账号",
        "portal.legal_publish": "发布用户协议/隐私政策新版本",
        "join.apply": "在线申请入会",
        "join.approve": "同意入会申请",
        "join.reject": "拒绝入会申请",
        "join.withdraw": "撤回入会申请",
        "member_request.transfer": "会员在线申请转会",
        "member_request.leave": "会员在线申请退会",
        "member_request.forward": "转会申请转交转入方",
        "member_request.approve": "同意会员申请",
        "member_request.reject": "拒绝会员申请",
        "member_request.withdraw": "撤回会员申请",
        "ecard.verify": "核验电子会员卡",
    },
    fields={
        "agreed": Field(label="同意的文本"),
        "documents": Field(label="同意的文本"),
        "withdrawn": Field(label="撤回同意的文本"),
        "join_applications_withdrawn": Field(label="撤回的入会申请数"),
        "first_time": Field(label="首次认证"),
        "mismatches_24h": Field(label="24小时内不一致次数"),
        "failures": Field(label="连续失败次数"),
        "fallback": Field(label="由上级工会代为受理"),
        "category": coded("职工类别", Category),
        "employer": Field(label="工作单位"),
        "card_number": Field(label="会员卡号"),
        "result": Field(
            label="核验结果",
            choices={
                TokenState.VALID: "有效",
                TokenState.EXPIRED: "已过期",
                TokenState.TAMPERED: "无效（被篡改）",
                NOT_MEMBER: "非在会会员",
            },
        ),
        "transfer": Field(label="转会申请"),
        "kind": coded("文本类型", LegalKind),
    },
)

# The key the portal's org handler adds to 「合并组织」 (org.merge).
register_fields({"join_applications_moved": Field(label="转移入会申请数")})

# Where an audit row's detail page links its object (gonghui.audit.objects).
register_object_page("portal.JoinApplication", "portal_admin:application")
