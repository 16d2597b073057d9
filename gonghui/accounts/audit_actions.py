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

register_actions(
    {
        "user.update": "修改账号",
        "user.password_reset": "重置密码",
        "user.password_change": "修改本人密码",
        "user.reactivate": "启用账号",
        "user.grant_pii": "授予查看完整个人信息",
        "user.revoke_pii": "收回查看完整个人信息",
    },
    fields={
        "full_name": Field(label="姓名", change=True),
        "org": Field(label="所属工会", change=True),
        "roles": Field(label="角色", change=True),
    },
)
