"""The quiz's kind of import: a question bank from Excel (see gonghui/imports/kinds.py)."""

from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.quiz import Quiz
from gonghui.competitions.quiz.imports import ROWS_INVALID, question_import
from gonghui.imports.kinds import ImportKind, register_kind

QUESTIONS = "quiz_questions"
NO_PERMISSION = "您没有管理网上练兵题库的权限。"


def _run(*, job, file, report, on_progress):
    quiz = Quiz.objects.select_related("host").get(pk=job.options["quiz"])
    return question_import(
        actor=job.created_by,
        quiz=quiz,
        file=file,
        filename=job.filename,
        report=report,
        on_progress=on_progress,
    )


register_kind(
    ImportKind(
        code=QUESTIONS,
        label="练兵题目",
        permission=Perm.QUIZ_MANAGE,
        refusal=NO_PERMISSION,
        audit_prefix="competitions.quiz",
        run=_run,
        upload_url="quiz:detail",
        home_url="quiz:detail",
        home_label="网上练兵",
        done_label="返回题库",
        template_url="quiz:import_template",
        rolled_back=ROWS_INVALID,
        url_args=lambda job: (job.options["quiz"],),
        counters=(("created", "导入题目"), ("failed", "错误")),
    )
)
