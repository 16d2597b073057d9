"""The audit log's filtered rows as XLSX: labelled as the page shows them, personal values
masked, capped, and the export itself audited (`audit.export`)."""

import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.audit.objects import object_type_label
from gonghui.audit.selectors import audit_rows_labelled
from gonghui.audit.services import audit_record
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import xlsx_file

if TYPE_CHECKING:
    from gonghui.accounts.models import User

# One file stays a file an auditor can open; a longer range is several exports.
EXPORT_MAX_ROWS = 50_000
CHUNK = 2000
EXPORT_TOO_LARGE = (
    "符合条件的记录有 {n} 条，一次最多导出 {cap} 条。请缩短日期范围或增加筛选条件后再导出。"
)
HEADER = [
    "编号",
    "时间",
    "账号",
    "所属工会",
    "操作",
    "对象类型",
    "对象编号",
    "对象",
    "结果",
    "IP",
    "变更内容",
]


def _chunks(rows: QuerySet[AuditLog]) -> Iterator[list[AuditLog]]:
    chunk: list[AuditLog] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def audit_export_rows(*, user: "User", rows: QuerySet[AuditLog]) -> Iterator[list]:
    """One line per row, labelled by `audit_rows_labelled` a chunk at a time (a refusal names
    its object only to the auditors of the object's subtree, as on the page)."""
    for chunk in _chunks(rows.select_related("actor_org")):
        for row in audit_rows_labelled(user=user, rows=chunk):
            yield [
                row.pk,
                timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
                row.actor_username,
                row.actor_org.name if row.actor_org is not None else "",
                row.action_label,
                object_type_label(row.object_type) if row.object_type else "",
                row.object_id,
                row.label,
                row.get_result_display(),
                row.ip or "",
                "；".join(f"{label}：{value}" for label, value in row.change_rows),
            ]


def audit_export_xlsx(*, actor: "User", rows: QuerySet[AuditLog], filters: dict[str, str]):
    """The rows (already scoped and filtered) as a rewound temporary XLSX file; refused past
    `EXPORT_MAX_ROWS`. The export is audited with its filters and its row count."""
    count = rows.count()
    if count > EXPORT_MAX_ROWS:
        raise ApplicationError(EXPORT_TOO_LARGE.format(n=count, cap=EXPORT_MAX_ROWS))
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    written = xlsx_file("审计日志", HEADER, audit_export_rows(user=actor, rows=rows), out)
    out.seek(0)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="audit.export",
            changes={**filters, "rows": written, "format": "xlsx"},
        )
    return out
