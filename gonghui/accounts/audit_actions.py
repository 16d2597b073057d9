"""Audit actions of staff accounts and sign-in (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, register_actions

register_actions(
    {
        "auth.login": "登录",
        "auth.login_failed": "登录失败",
        "auth.logout": "退出",
        "auth.token": "获取接口令牌",
        "user.create": "新建账号",
        "user.deactivate": "停用账号",
    },
    fields={"roles": Field(label="角色"), "username": Field(label="账号")},
)
