"""Audit actions of 疗休养 (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, coded, register_actions, register_object_page
from gonghui.recuperation.models import BaseLevel, Category, ParticipantStatus

register_actions(
    {
        "recuperation.resort_create": "登记疗休养基地",
        "recuperation.plan_create": "新建疗休养计划",
        "recuperation.batch_create": "新建疗休养批次",
        "recuperation.batch_update": "修改疗休养批次",
        "recuperation.quotas": "分配疗休养名额",
        "recuperation.participant_add": "推荐疗休养人员",
        "recuperation.confirm": "确认疗休养人员",
        "recuperation.complete": "登记疗休养已出行",
        "recuperation.cancel": "取消疗休养人员",
    },
    fields={
        "name": Field(label="名称", change=True),
        "place": Field(label="地点"),
        "level": coded("级别", BaseLevel),
        "plaque": Field(label="已挂牌"),
        "year": Field(label="年度"),
        "title": Field(label="计划名称"),
        "org": Field(label="组织单位"),
        "resort": Field(label="基地", change=True),
        "route": Field(label="线路", change=True),
        "start_on": Field(label="出发日期", change=True),
        "end_on": Field(label="返回日期", change=True),
        "places": Field(label="总名额", change=True),
        "quotas": Field(label="名额分配", change=True),
        "batch": Field(label="批次"),
        "id_number": Field(label="身份证号"),
        "category": coded("类别", Category),
        "source_ref": Field(label="来源"),
        "status": coded("状态", ParticipantStatus, change=True),
        "reason": Field(label="原因"),
    },
)

register_object_page("recuperation.Batch", "recuperation:batch")
