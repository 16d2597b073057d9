"""Audit actions of the import framework (see gonghui/audit/registry.py). Each kind's
`<prefix>.import` and `<prefix>.import_cancel` are labelled by the app that registers it."""

from gonghui.audit.registry import register_actions

register_actions({"import.purge": "删除过期的导入文件"})
