"""The service sites' kind of import (see gonghui/imports/kinds.py)."""

from gonghui.accounts.permissions import Perm
from gonghui.imports.kinds import ImportKind, register_kind
from gonghui.sites.imports import ROWS_INVALID, site_import

SITES = "sites"
NO_PERMISSION = "您没有管理服务阵地的权限。"


def _run(*, job, file, report, on_progress):
    return site_import(
        actor=job.created_by,
        upload=file,
        crs=job.options.get("crs") or "WGS-84",
        report=report,
        on_progress=on_progress,
    )


register_kind(
    ImportKind(
        code=SITES,
        label="服务阵地",
        permission=Perm.SITE_MANAGE,
        refusal=NO_PERMISSION,
        audit_prefix="site",
        run=_run,
        upload_url="sites:import",
        home_url="sites:list",
        home_label="服务阵地",
        done_label="查看服务阵地",
        template_url="sites:import_template",
        rolled_back=ROWS_INVALID,
        counters=(
            ("created", "新增"),
            ("updated", "更新"),
            ("skipped", "未变"),
            ("failed", "错误"),
        ),
    )
)
