"""Audit actions of the online courses (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, register_actions

register_actions(
    {
        "competitions.training.online.video": "上传线上课程视频",
        "competitions.training.online.publish": "上架线上课程",
        "competitions.training.online.unpublish": "下架线上课程",
    },
    fields={
        "course": Field(label="课程"),
        "video_seconds": Field(label="视频时长（秒）", change=True),
        "bytes": Field(label="大小（字节）"),
        "published": Field(label="已上架", change=True),
    },
)
