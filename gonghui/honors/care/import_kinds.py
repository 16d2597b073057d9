"""劳模服务管理's kind of import: historical honors (see gonghui/imports/kinds.py)."""

from gonghui.core.permissions import Perm
from gonghui.honors.care.imports import ROWS_INVALID, honoree_import
from gonghui.imports.kinds import ImportKind, register_kind

HONOREES = "honorees"
NO_PERMISSION = "您没有管理劳模信息的权限。"


def _run(*, job, file, report, on_progress):
    return honoree_import(actor=job.created_by, upload=file, report=report, on_progress=on_progress)


register_kind(
    ImportKind(
        code=HONOREES,
        label="历史荣誉",
        permission=Perm.HONOREE_MANAGE,
        refusal=NO_PERMISSION,
        audit_prefix="honoree",
        run=_run,
        upload_url="honors:honorees_import",
        home_url="honors:honorees",
        home_label="劳模服务",
        done_label="查看劳模名册",
        template_url="honors:honorees_import_template",
        rolled_back=ROWS_INVALID,
        counters=(
            ("created", "新增劳模"),
            ("updated", "新增荣誉"),
            ("skipped", "已有跳过"),
            ("failed", "错误"),
        ),
    )
)
