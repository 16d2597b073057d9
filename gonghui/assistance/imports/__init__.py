"""Import of existing hardship archives (困难职工档案) from XLSX/CSV: all rows or none.

The columns are STANDARDS.md's "Hardship archive" field names, plus 姓名, 身份证号, 建档日期 and
状态 (`HEADER`; the export writes the same, so an export imports back). A row names the applicant
by 身份证号 or, failing that, by 工会会员服务卡卡号 (so a masked export still imports), who must
be a holding member of a union in the importer's subtree. Each row becomes an archive in 已建档
(channel 批量导入) with the applicant as the household's 本人; other household members are not in
the template, 家庭人口 gives the household size.

Rules of a row:
- labels (or codes) of the code lists; 致困原因 may list several, separated by 、 , ， ; or ；
- 家庭年度总收入 and 家庭月人均收入 are recomputed (annual = 月收入 × 12 + 家庭其他年收入;
  per capita = annual / 12 / 家庭人口, to the fen, half up: `services.archives.archive_income`);
  a file value that disagrees is an error that gives the computed value;
- one open archive per household: a row fails when its applicant is in the household of an
  open archive (his own or another's), except when that archive is his own 已建档 archive with
  the same fields: the row is skipped as unchanged, so re-importing a file creates no duplicates
  and changes nothing (a changed row is refused, not applied: changes go through 年审);
- 状态 must be blank or 已建档: archives under review, rejected or exited are handled in the
  workbench, not imported.

If any row fails, nothing is written (one transaction, rolled back) and every bad row is
reported with its row number, the column and a Chinese reason. A successful import writes one
audit row (`assistance.import`); rows naming members outside the importer's subtree get the
same message as unknown people and are audited as a refusal.

One module per use case: `template` (the template to download), `archives` (the import: each
row's applicant, the one-open-archive rule, all rows or none); `cells` parses one row's cells
into the archive's fields and `common` holds the columns, code lists, messages and result
types. Callers import from this package.
"""

from gonghui.assistance.imports.archives import (
    COMPARED,
    archive_import,
)
from gonghui.assistance.imports.common import (
    ANNUAL_MISMATCH,
    ARCHIVED_IN_FUTURE,
    AREA_INVALID,
    CARD_COLUMN,
    CODE_UNKNOWN,
    CONTRACT_ORDER,
    DIVISION_INVALID,
    DUPLICATE_ROW,
    FLAG_INVALID,
    HEADER,
    ID_COLUMN,
    ID_MASKED,
    MAX_ROWS,
    MEMBER_UNKNOWN,
    NAME_MISMATCH,
    NO_COUNTY,
    NO_PERMISSION,
    NO_ROWS,
    OPEN_ARCHIVE_EXISTS,
    PER_CAPITA_MISMATCH,
    PERSON_REQUIRED,
    REQUIRED,
    REQUIRED_EMPTY,
    ROWS_INVALID,
    SIZE_INVALID,
    STATUS_NOT_IMPORTABLE,
    TOO_MANY_ROWS,
    ArchiveImportSummary,
    ImportRejected,
)
from gonghui.assistance.imports.template import (
    template_xlsx,
)

__all__ = [
    "ANNUAL_MISMATCH",
    "ARCHIVED_IN_FUTURE",
    "AREA_INVALID",
    "ArchiveImportSummary",
    "CARD_COLUMN",
    "CODE_UNKNOWN",
    "COMPARED",
    "CONTRACT_ORDER",
    "DIVISION_INVALID",
    "DUPLICATE_ROW",
    "FLAG_INVALID",
    "HEADER",
    "ID_COLUMN",
    "ID_MASKED",
    "ImportRejected",
    "MAX_ROWS",
    "MEMBER_UNKNOWN",
    "NAME_MISMATCH",
    "NO_COUNTY",
    "NO_PERMISSION",
    "NO_ROWS",
    "OPEN_ARCHIVE_EXISTS",
    "PERSON_REQUIRED",
    "PER_CAPITA_MISMATCH",
    "REQUIRED",
    "REQUIRED_EMPTY",
    "ROWS_INVALID",
    "SIZE_INVALID",
    "STATUS_NOT_IMPORTABLE",
    "TOO_MANY_ROWS",
    "archive_import",
    "template_xlsx",
]
