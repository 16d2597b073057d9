"""Excel import of a quiz's question bank: all rows or none, bad rows reported with their row
number, column and reason (the job framework of gonghui.imports shows them)."""

from collections.abc import Callable
from io import BytesIO

from django.db import transaction
from openpyxl import Workbook

from gonghui.accounts.models import User
from gonghui.competitions.models.quiz import QuestionKind, Quiz
from gonghui.competitions.quiz.bank import question_add, require_quiz_scope
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import ErrorReport, open_table, unprotect
from gonghui.imports.kinds import JobSummary

OPTION_COLUMNS = [f"选项{letter}" for letter in "ABCDEFGH"]
HEADERS = ["题型", "题目", *OPTION_COLUMNS, "答案", "分值"]
REQUIRED = {"题型", "题目", "答案"}
EXAMPLES = [
    [
        "单选题",
        "《中华人民共和国工会法》规定，工会的基本职责是什么？",
        "维护职工合法权益",
        "组织文体活动",
        "发放福利",
        "参与企业经营",
        "",
        "",
        "",
        "",
        "A",
        2,
    ],
    [
        "多选题",
        "劳动合同应当具备哪些条款？",
        "劳动合同期限",
        "工作内容和工作地点",
        "劳动报酬",
        "职工籍贯",
        "",
        "",
        "",
        "",
        "ABC",
        3,
    ],
    [
        "判断题",
        "用人单位应当依法建立和完善劳动规章制度。",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "正确",
        1,
    ],
]
ROWS_INVALID = "有 {n} 行题目有误，全部未导入，请下载错误报告修改后重新上传。"
NO_ROWS = "文件中没有题目。"
REQUIRED_EMPTY = "请填写「{name}」。"
SCORE_INVALID = "分值须是 1 到 100 的整数。"
PROGRESS_ROWS = 100
KINDS = {label: value for value, label in QuestionKind.choices} | {
    "单选": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "判断": QuestionKind.JUDGE,
}
FIELD_COLUMNS = {
    "kind": "题型",
    "text": "题目",
    "options": "选项A",
    "answer": "答案",
    "score": "分值",
}


def template_xlsx() -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append(HEADERS)
    for row in EXAMPLES:
        ws.append(row)
    ws.column_dimensions["B"].width = 50
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["题型", "单选题、多选题或判断题"])
    notes.append(["选项A—选项H", "选择题填 2 到 8 个选项，从选项A起连续填写；判断题不填"])
    notes.append(["答案", "选项的字母，多选题如 ABC；判断题填「正确」或「错误」"])
    notes.append(["分值", "1 到 100 的整数，留空为 1 分"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unprotect(str(value)).strip()


def _score(value: str) -> int:
    if not value:
        return 1
    try:
        score = int(float(value))
    except ValueError:
        raise ApplicationError(SCORE_INVALID, field="score") from None
    if str(score) != value.removesuffix(".0"):
        raise ApplicationError(SCORE_INVALID, field="score")
    return score


def question_import(
    *,
    actor: User,
    quiz: Quiz,
    file,
    filename: str,
    report: ErrorReport,
    on_progress: Callable[[JobSummary], bool] | None = None,
) -> JobSummary:
    """Add every row of the file to the quiz's bank, or none if any row is wrong."""
    require_quiz_scope(actor, quiz)
    table = open_table(file, filename, columns=HEADERS, required=REQUIRED)
    summary = JobSummary(total=table.total, warnings=list(table.warnings))
    try:
        with transaction.atomic():
            for number, cells in table.rows:
                values = {name: _text(cells.get(name)) for name in HEADERS}
                if not any(values.values()):
                    continue
                progress_due = summary.read and summary.read % PROGRESS_ROWS == 0
                if on_progress and progress_due and on_progress(summary):
                    summary.cancelled = True
                    break
                summary.read += 1
                try:
                    if column := control_cell(cells):
                        raise ApplicationError(CELL_CONTROL.format(column=column), field=column)
                    for name in ("题型", "题目", "答案"):
                        if not values[name]:
                            raise ApplicationError(REQUIRED_EMPTY.format(name=name), field=name)
                    question_add(
                        actor=actor,
                        quiz=quiz,
                        kind=KINDS.get(values["题型"], values["题型"]),
                        text=values["题目"],
                        options=[values[c] for c in OPTION_COLUMNS],
                        answer=values["答案"],
                        score=_score(values["分值"]),
                    )
                    summary.created += 1
                except ApplicationError as exc:
                    column = FIELD_COLUMNS.get(exc.field or "", exc.field or "")
                    report.add(number, column, values.get(column, ""), exc.message)
                    summary.failed += 1
            if summary.failed or summary.cancelled:
                transaction.set_rollback(True)
                summary.rolled_back = summary.failed > 0
                summary.created = 0
    finally:
        table.close()
    if summary.read == 0 and not summary.cancelled:
        raise ApplicationError(NO_ROWS, field="file")
    return summary
