"""Org export in the import template (`gonghui.orgs.imports.HEADER`), XLSX or CSV, streamed and
audited. Orgs hold no personal data beyond a chair's name, so nothing is masked."""

from collections.abc import Iterator

from django.db.models import QuerySet

from gonghui.audit.services import audit_record
from gonghui.core.tabular import csv_lines, xlsx_file
from gonghui.orgs.imports import HEADER, PARENT, parent_name_of
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import orgs_in_scope


def org_rows(orgs: QuerySet[Org], *, top: Org | None) -> Iterator[list]:
    """Template rows in tree order (a parent before its children, so the file imports back).
    The top org is written with its own parent's name; an import by the same user skips it."""
    names: dict[str, str] = {}
    for org in orgs.order_by("path").iterator(chunk_size=2000):
        names[org.path] = org.name
        parent_path = org.path[: -Org.steplen]
        values = {
            "单位名称": org.name,
            PARENT: names.get(parent_path, "") if org != top else parent_name_of(org),
            "单位地址": org.address,
            "单位所在政区": org.division_code,
            "单位性质类别": org.get_unit_nature_display(),
            "工会/企业负责人": org.chair_name,
            "单位所属行业": org.get_industry_display(),
            "社会信用代码": org.uscc,
            "建会日期": org.founded_on,
            "工会简称": org.short_name,
            "工会类型": org.get_org_type_display(),
            "职工人数": org.workers_count,
        }
        yield [values.get(column, "") for column in HEADER]


def _export_scope(actor) -> tuple[QuerySet[Org], Org | None]:
    return orgs_in_scope(actor).filter(status=OrgStatus.ACTIVE), actor.org


def org_export_xlsx(*, actor, out) -> int:
    orgs, top = _export_scope(actor)
    count = xlsx_file("工会组织", HEADER, org_rows(orgs, top=top), out)
    audit_record(actor=actor, action="org.export", changes={"rows": count, "format": "xlsx"})
    return count


def org_export_csv(*, actor) -> Iterator[str]:
    orgs, top = _export_scope(actor)
    audit_record(actor=actor, action="org.export", changes={"rows": orgs.count(), "format": "csv"})
    return csv_lines(HEADER, org_rows(orgs, top=top))
