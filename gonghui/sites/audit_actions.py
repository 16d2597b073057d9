"""Audit actions of service positions (阵地/驿站) (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import (
    Field,
    codes,
    register_actions,
    register_fields,
    register_object_page,
)
from gonghui.sites.models import Site, facility_labels

_SITE_FIELDS = {
    field.name: Field(
        label=str(field.verbose_name),
        choices=codes(field.flatchoices) if field.choices else {},
        change=True,
    )
    for field in Site._meta.concrete_fields
}

register_actions(
    {
        "site.create": "新建服务阵地",
        "site.update": "修改服务阵地",
        "site.delete": "删除服务阵地",
        "site.override": "设置阵地开放状态",
        "site.photo_add": "上传阵地照片",
        "site.photo_remove": "删除阵地照片",
        "site.rate": "会员评家",
        # Written by the import-job framework once sites import through it (issue 13).
        "site.import": "导入服务阵地",
        "site.import_cancel": "取消服务阵地导入",
    },
    fields={
        **_SITE_FIELDS,
        "facilities": Field(label="服务设施", change=True, render=facility_labels),
        "county": Field(label="所在县区", change=True),
        "photo": Field(label="照片"),
        "bytes": Field(label="大小（字节）"),
        "type": Field(label="文件类型"),
        "score": Field(label="评分"),
    },
)

# The key the sites' org handler adds to 「合并组织」 (org.merge).
register_fields({"sites_moved": Field(label="转移服务阵地数")})

# Where an audit row's detail page links its object (gonghui.audit.objects).
register_object_page("sites.Site", "sites:detail")
