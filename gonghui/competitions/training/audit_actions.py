"""Audit actions of 工匠学院 and training (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, codes, register_actions, register_object_page
from gonghui.competitions.models.training import AcademyLevel, ClassStatus, CourseMode

register_actions(
    {
        "competitions.training.academy_create": "命名工匠学院",
        "competitions.training.academy_update": "修改工匠学院",
        "competitions.training.academy_revoke": "撤销工匠学院",
        "competitions.training.course_create": "新增培训课程",
        "competitions.training.course_update": "修改培训课程",
        "competitions.training.class_create": "开设培训班次",
        "competitions.training.class_update": "修改培训班次",
        "competitions.training.class_status": "变更培训班次状态",
        "competitions.training.enrol": "培训报名",
        "competitions.training.apply": "职工网上报名培训",
        "competitions.training.confirm": "确认培训报名",
        "competitions.training.cancel": "取消培训报名",
        "competitions.training.withdraw": "职工撤回培训报名",
        "competitions.training.session_add": "添加培训课次",
        "competitions.training.attendance": "记录培训出勤",
    },
    fields={
        "name": Field(label="名称", change=True),
        "level": Field(label="级别", choices=codes(AcademyLevel.choices), change=True),
        "host": Field(label="依托单位", change=True),
        "batch": Field(label="命名批次", change=True),
        "named_on": Field(label="命名日期", change=True),
        "reason": Field(label="理由"),
        "course": Field(label="课程"),
        "mode": Field(label="形式", choices=codes(CourseMode.choices)),
        "trade": Field(label="工种", change=True),
        "hours": Field(label="学时", change=True),
        "title": Field(label="课程名称", change=True),
        "starts_on": Field(label="开班日期", change=True),
        "ends_on": Field(label="结业日期", change=True),
        "enrol_deadline": Field(label="报名截止日期", change=True),
        "capacity": Field(label="名额", change=True),
        "pass_percent": Field(label="结业出勤比例（%）", change=True),
        "location": Field(label="地点", change=True),
        "class_status": Field(label="班次状态", choices=codes(ClassStatus.choices), change=True),
        "applications_closed": Field(label="关闭的未确认申请"),
        "completed": Field(label="结业人数"),
        "not_completed": Field(label="未结业人数"),
        "enrollment": Field(label="报名记录"),
        "who": Field(label="学员"),
        "held_on": Field(label="课次日期"),
        "topic": Field(label="内容"),
        "present": Field(label="出勤人数"),
        "added": Field(label="新记出勤"),
        "removed": Field(label="取消出勤"),
    },
)

register_object_page("competitions.Academy", "training:academy")
register_object_page("competitions.TrainingClass", "training:class")
