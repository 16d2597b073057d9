"""Audit actions of innovation studios (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, codes, register_actions
from gonghui.competitions.models.studios import (
    PlaqueStatus,
    ReviewResult,
    StudioKind,
    StudioLevel,
    StudioStatus,
    SuggestionKind,
    SuggestionStatus,
)

register_actions(
    {
        "competitions.studio.batch_create": "发布创新工作室命名批次",
        "competitions.studio.create": "填写创新工作室申报",
        "competitions.studio.update": "修改创新工作室",
        "competitions.studio.submit": "提交创新工作室申报",
        "competitions.studio.approve": "审核通过创新工作室申报",
        "competitions.studio.name": "命名创新工作室",
        "competitions.studio.return": "退回创新工作室申报",
        "competitions.studio.reject": "不通过创新工作室申报",
        "competitions.studio.report": "报送创新工作室年度成果",
        "competitions.studio.review_open": "发起创新工作室回头看",
        "competitions.studio.review": "创新工作室回头看结论",
        "competitions.studio.member_add": "添加创新工作室成员",
        "competitions.studio.member_remove": "移除创新工作室成员",
        "competitions.studio.put_forward": "推荐创新工作室领衔人参评荣誉",
    },
    fields={
        "name": Field(label="名称", change=True),
        "kind": Field(label="类型", choices=codes(StudioKind.choices), change=True),
        "level": Field(label="级别", choices=codes(StudioLevel.choices), change=True),
        "studio_status": Field(
            label="工作室状态", choices=codes(StudioStatus.choices), change=True
        ),
        "plaque": Field(label="挂牌状态", choices=codes(PlaqueStatus.choices), change=True),
        "alliance": Field(label="所属联盟", change=True),
        "lead": Field(label="领衔人", change=True),
        "host": Field(label="依托单位", change=True),
        "batch": Field(label="命名批次"),
        "at_org": Field(label="当前审核工会", change=True),
        "reason": Field(label="理由"),
        "year": Field(label="年度"),
        "deadline": Field(label="截止日期"),
        "projects": Field(label="创新项目数"),
        "patents": Field(label="专利数"),
        "methods": Field(label="先进操作法数"),
        "benefit": Field(label="经济效益（万元）"),
        "trained": Field(label="培养人才（人）"),
        "funds_received": Field(label="获得经费（万元）"),
        "funds_matched": Field(label="带动投入（万元）"),
        "result": Field(label="复查结论", choices=codes(ReviewResult.choices)),
        "member": Field(label="成员"),
    },
)

register_actions(
    {
        "competitions.studio.suggestion_submit": "提报五小和合理化建议",
        "competitions.studio.suggestion_online": "职工网上提报五小和合理化建议",
        "competitions.studio.suggestion_review": "评审五小和合理化建议",
        "competitions.studio.suggestion_recommend": "向上推荐五小和合理化建议",
    },
    fields={
        "title": Field(label="名称"),
        "kind": Field(label="类别", choices=codes(SuggestionKind.choices)),
        "by": Field(label="提报人或班组"),
        "suggestion_status": Field(
            label="评审状态", choices=codes(SuggestionStatus.choices), change=True
        ),
        "benefit": Field(label="经济效益（万元）"),
        "reason": Field(label="评审意见"),
        "at_org": Field(label="推荐至", change=True),
    },
)
