"""Audit actions of 网上练兵 (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, codes, register_actions
from gonghui.competitions.models.quiz import QuestionKind, QuizStatus

register_actions(
    {
        "competitions.quiz.create": "创建网上练兵",
        "competitions.quiz.update": "修改网上练兵",
        "competitions.quiz.status": "发布或撤回网上练兵",
        "competitions.quiz.question_add": "添加练兵题目",
        "competitions.quiz.question_update": "修改练兵题目",
        "competitions.quiz.question_delete": "删除练兵题目",
        "competitions.quiz.start": "开始网上练兵答题",
        "competitions.quiz.submitted": "网上练兵交卷",
        "competitions.quiz.expired": "网上练兵超时自动交卷",
        "competitions.quiz.import": "导入练兵题目",
        "competitions.quiz.import_cancel": "取消导入练兵题目",
    },
    fields={
        "title": Field(label="名称", change=True),
        "status": Field(label="状态", choices=codes(QuizStatus.choices), change=True),
        "opens_at": Field(label="开始时间", change=True),
        "closes_at": Field(label="结束时间", change=True),
        "duration_minutes": Field(label="答题时长（分钟）", change=True),
        "attempts_allowed": Field(label="可答次数", change=True),
        "draw_count": Field(label="每次抽题数", change=True),
        "certificate_top": Field(label="前几名发证书", change=True),
        "pass_score": Field(label="及格分", change=True),
        "kind": Field(label="题型", choices=codes(QuestionKind.choices), change=True),
        "text": Field(label="题目", change=True),
        "options": Field(label="选项数", change=True),
        "score": Field(label="分数", change=True),
        "is_active": Field(label="启用", change=True),
        "quiz": Field(label="网上练兵"),
        "number": Field(label="第几次"),
        "questions": Field(label="题目数"),
        "correct": Field(label="答对题数"),
        "answered": Field(label="作答题数"),
    },
)
