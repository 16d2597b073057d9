"""Audit actions of honor rounds (see gonghui/audit/registry.py); care's are in
honors/care/audit_actions.py."""

from gonghui.audit.registry import Field, codes, register_actions, register_object_page
from gonghui.honors.models import NominationStatus, ObjectionStatus, RoundStatus

register_actions(
    {
        "honors.type_create": "新增荣誉类型",
        "honors.type_update": "修改荣誉类型",
        "honors.round_open": "发起评选批次",
        "honors.quota_set": "分配评选名额",
        "honors.nominate": "推荐荣誉候选人",
        "honors.resubmit": "修改后重新上报推荐",
        "honors.withdraw": "撤回荣誉推荐",
        "honors.approve": "同意上报荣誉推荐",
        "honors.return": "退回荣誉推荐",
        "honors.reject": "不予推荐",
        "honors.opinion": "记录征求意见",
        "honors.publicity": "开始评选公示",
        "honors.objection_file": "提出公示异议",
        "honors.objection_resolve": "处理公示异议",
        "honors.decide": "作出表彰决定",
        "honors.revoke": "撤销荣誉",
        "honors.candidate_add": "加入荣誉候选人库",
        "honors.submit": "上报荣誉推荐草稿",
        "honors.vote": "录入基层职工投票结果",
        "honors.attach": "上传推荐材料",
        "honors.detach": "删除推荐材料",
        "honors.consult_start": "开始征求意见",
        "honors.opinion_override": "不予采纳部门不同意意见",
        "honors.committee_start": "开始评审委员会评审",
        "honors.committee": "记录评审委员会评审结果",
    },
    fields={
        "title": Field(label="称号"),
        "level": Field(label="级别"),
        "conferrer": Field(label="授予单位"),
        "subject": Field(label="对象"),
        "cycle_years": Field(label="评选周期（年）"),
        "regulation_version": Field(label="办法版本"),
        "year": Field(label="年度"),
        "quotas": Field(label="名额"),
        "ratio": Field(label="差额比例"),
        "org": Field(label="工会"),
        "honor": Field(label="荣誉"),
        "places": Field(label="名额", change=True),
        "round": Field(label="评选批次"),
        "holder": Field(label="审核单位", change=True),
        "status": Field(
            label="状态",
            choices={**codes(NominationStatus.choices), **codes(ObjectionStatus.choices)},
            change=True,
        ),
        "reason": Field(label="理由"),
        "department": Field(label="部门"),
        "score": Field(label="评分/票数"),
        "publicity_until": Field(label="公示截止"),
        "count": Field(label="人数"),
        "candidate": Field(label="候选人"),
        "finding": Field(label="核查结论"),
        "decision_no": Field(label="文号"),
        "decided_on": Field(label="决定日期"),
        "source": Field(label="来源"),
        "opinion": Field(label="意见"),
        "round_status": Field(label="批次状态", choices=codes(RoundStatus.choices), change=True),
        "file": Field(label="文件"),
        "material": Field(label="材料项"),
        "vote": Field(label="投票结果"),
        "steps": Field(label="评选环节"),
        "form_layout": Field(label="推荐审批表样式"),
        "materials_enforced": Field(label="上报前须上传所需材料"),
    },
)

register_object_page("honors.Round", "honors:round")
register_object_page("honors.Nomination", "honors:nomination")

# The honoree registry and care register their own (gonghui/honors/care).
from gonghui.honors.care import audit_actions as _care_audit_actions  # noqa: E402, F401
