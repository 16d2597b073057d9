"""The file's columns and code lists, the messages a file or a row gets, and the import's result
types: shared by the template, the cell parsing and the import itself."""

import re
from dataclasses import dataclass, field

from gonghui.assistance.codes import (
    Cause,
    Disability,
    EmployerNature,
    EnterpriseState,
    Health,
    Housing,
    Hukou,
    Level,
    Marriage,
    MedicalInsurance,
    ModelWorker,
    WorkStatus,
)
from gonghui.assistance.models import Archive
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import choice_lookup, text

HEADER = [
    "姓名",
    "身份证号",
    "工会会员服务卡卡号",
    "困难类别",
    "建档标准",
    "致困原因",
    "健康情况",
    "残疾类别",
    "劳模类型",
    "住房类型",
    "住房面积",
    "工作状态",
    "所属行业",
    "婚姻状况",
    "户口类型",
    "户口所在地行政区划",
    "工作单位性质",
    "企业状况",
    "是否单亲",
    "是否家庭零就业",
    "是否具有自救能力",
    "医保状况",
    "劳动合同开始日期",
    "劳动合同结束日期",
    "月收入",
    "家庭其他年收入",
    "家庭年度总收入",
    "家庭人口",
    "家庭月人均收入",
    "建档日期",
    "状态",
]
REQUIRED = {
    "姓名",
    "困难类别",
    "致困原因",
    "健康情况",
    "住房类型",
    "工作状态",
    "婚姻状况",
    "户口类型",
    "医保状况",
    "月收入",
    "家庭人口",
    "建档日期",
}
ID_COLUMN, CARD_COLUMN = "身份证号", "工会会员服务卡卡号"

# Code-list columns: (field, choices, required).
_CODES = {
    "困难类别": ("level", Level.choices, True),
    "健康情况": ("health", Health.choices, True),
    "残疾类别": ("disability", Disability.choices, False),
    "劳模类型": ("model_worker", ModelWorker.choices, False),
    "住房类型": ("housing", Housing.choices, True),
    "工作状态": ("work_status", WorkStatus.choices, True),
    "婚姻状况": ("marriage", Marriage.choices, True),
    "户口类型": ("hukou", Hukou.choices, True),
    "工作单位性质": ("employer_nature", EmployerNature.choices, False),
    "企业状况": ("enterprise_state", EnterpriseState.choices, False),
    "医保状况": ("medical_insurance", MedicalInsurance.choices, True),
}
_LOOKUPS = {column: choice_lookup(choices) for column, (_, choices, _) in _CODES.items()}
_CAUSES = choice_lookup(Cause.choices)
# Yes/no columns: (field, value when blank).
_FLAGS = {
    "是否单亲": ("single_parent", False),
    "是否家庭零就业": ("zero_employment", False),
    "是否具有自救能力": ("self_reliant", True),
}
_YES = {"是", "有", "y", "yes", "true", "1", "√"}
_NO = {"否", "无", "n", "no", "false", "0", "×"}
_CAUSE_SEPARATORS = re.compile(r"[、,，;；/\s]+")
MAX_ROWS = 5000

NO_PERMISSION = "您没有管理困难职工档案的权限。"
NO_ROWS = "文件中没有数据行。"
TOO_MANY_ROWS = "一次最多导入 {n} 行，请拆分文件。"
ROWS_INVALID = "有 {n} 行数据有误，全部未导入，请修改后重新上传。"
REQUIRED_EMPTY = "请填写「{name}」。"
PERSON_REQUIRED = "请填写申请人的身份证号或工会会员服务卡卡号。"
CODE_UNKNOWN = "「{value}」不是有效的{name}，可填：{choices}。"
FLAG_INVALID = "「{name}」请填写“是”或“否”。"
SIZE_INVALID = "家庭人口应为1到20之间的整数。"
AREA_INVALID = "住房面积应为不小于0的数字（平方米）。"
DIVISION_INVALID = "户口所在地行政区划应为6位或12位行政区划代码，如 620102。"
ANNUAL_MISMATCH = (
    "家庭年度总收入应为 月收入×12＋家庭其他年收入 ＝ {expected} 元，文件中为 {given} 元，"
    "请核对后重新填写（或留空由系统计算）。"
)
PER_CAPITA_MISMATCH = (
    "家庭月人均收入应为 家庭年度总收入÷12÷家庭人口 ＝ {expected} 元，文件中为 {given} 元，"
    "请核对后重新填写（或留空由系统计算）。"
)
CONTRACT_ORDER = "劳动合同结束日期不能早于开始日期。"
ARCHIVED_IN_FUTURE = "建档日期不能晚于今天。"
STATUS_NOT_IMPORTABLE = (
    "只能导入已建档的档案（状态留空或填“已建档”），“{value}”的档案请在系统中办理。"
)
ID_MASKED = "身份证号已脱敏（含 *），无法识别申请人，请填写完整号码或工会会员服务卡卡号。"
MEMBER_UNKNOWN = "找不到该申请人：须为您管理范围内的在会会员（含保留会籍），请先办理入会。"
NAME_MISMATCH = "姓名与会员档案中的姓名（{name}）不一致，请核对。"
NO_COUNTY = "申请人所在的「{org}」不属于任何县区总工会，无法建档。"
OPEN_ARCHIVE_EXISTS = (
    "该职工或其家庭成员已有未结束的困难职工档案（{org}，状态：{status}），一户只能有一个档案。"
)
DUPLICATE_ROW = "与第{other}行是同一申请人，一户只能有一个档案。"


class ImportRejected(ApplicationError):
    """The file was read but some rows are wrong: nothing was imported. `summary` counts what
    was read (an import job shows it)."""

    def __init__(
        self,
        message: str,
        errors: list[tuple[int, str, str]],
        summary: "ArchiveImportSummary | None" = None,
    ):
        super().__init__(message, field="file")
        self.errors = errors
        self.summary = summary


@dataclass
class ArchiveImportSummary:
    read: int = 0
    created: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    archives: list[Archive] = field(default_factory=list)
    # The rest of an import job's counters (gonghui.imports.kinds.Summary).
    updated: int = 0
    failed: int = 0
    total: int | None = None
    rolled_back: bool = False
    cancelled: bool = False


class _RowError(ApplicationError):
    def __init__(self, message: str, column: str, value=""):
        super().__init__(message, field=column)
        self.column, self.value = column, text(value)
