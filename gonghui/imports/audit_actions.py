"""Audit actions of the import framework (see gonghui/audit/registry.py). Each kind's
`<prefix>.import` and `<prefix>.import_cancel` are labelled by the app that registers it."""

from gonghui.audit.registry import register_actions, register_object_page

register_actions(
    {"import.purge": "删除过期的导入文件", "import.interrupted": "导入因任务进程停止而中断"}
)

# Where an audit row's detail page links its object (gonghui.audit.objects).
register_object_page("imports.ImportJob", "imports:job")
