"""The import template to download: the header, one example row and a sheet of the code lists."""

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook

from gonghui.assistance.codes import (
    ArchiveStatus,
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
from gonghui.assistance.imports.common import _CODES, HEADER


def template_xlsx() -> BytesIO:
    """The import template: the header, one example row and a sheet of the code lists."""
    book = Workbook()
    sheet = book.active
    sheet.title = "困难职工档案"
    sheet.append(HEADER)
    example = {
        "姓名": "张三",
        "身份证号": "620102197001151234",
        "困难类别": Level.DEEP.label,
        "建档标准": "家庭月人均收入低于当地低保标准",
        "致困原因": f"{Cause.ILLNESS.label}、{Cause.EDUCATION.label}",
        "健康情况": Health.SERIOUS.label,
        "残疾类别": Disability.NONE.label,
        "劳模类型": ModelWorker.NONE.label,
        "住房类型": Housing.RENTED.label,
        "住房面积": 45,
        "工作状态": WorkStatus.EMPLOYED.label,
        "所属行业": "制造业",
        "婚姻状况": Marriage.MARRIED.label,
        "户口类型": Hukou.URBAN.label,
        "户口所在地行政区划": "620102",
        "工作单位性质": EmployerNature.PRIVATE.label,
        "企业状况": EnterpriseState.DIFFICULT.label,
        "是否单亲": "否",
        "是否家庭零就业": "否",
        "是否具有自救能力": "是",
        "医保状况": MedicalInsurance.URBAN_EMPLOYEE.label,
        "劳动合同开始日期": "2020-01-01",
        "劳动合同结束日期": "2025-12-31",
        "月收入": 2400,
        "家庭其他年收入": 1200,
        "家庭年度总收入": 30000,
        "家庭人口": 3,
        "家庭月人均收入": Decimal("833.33"),
        "建档日期": "2026-03-20",
        "状态": ArchiveStatus.ARCHIVED.label,
    }
    sheet.append([example.get(column, "") for column in HEADER])
    for index, column in enumerate(HEADER):
        width = 22 if column in ("身份证号", "致困原因", "建档标准", "工会会员服务卡卡号") else 14
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = width
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append(["身份证号 / 工会会员服务卡卡号", "至少填一项；申请人须是您管理范围内的在会会员"])
    notes.append(["致困原因", "可填多个，用顿号分隔：" + "、".join(Cause.labels)])
    for column, (_, choices, required) in _CODES.items():
        labels = "、".join(label for _, label in choices)
        notes.append([column, ("必填，" if required else "可留空，") + "可填：" + labels])
    notes.append(["是否单亲 / 是否家庭零就业 / 是否具有自救能力", "填“是”或“否”"])
    notes.append(["月收入", "家庭月收入（元）"])
    notes.append(["家庭年度总收入", "可留空；填写时须等于 月收入×12＋家庭其他年收入"])
    notes.append(["家庭月人均收入", "可留空；填写时须等于 家庭年度总收入÷12÷家庭人口（保留两位）"])
    notes.append(["家庭人口", "含申请人本人；其他家庭成员导入后在档案中补录"])
    notes.append(["状态", "留空或填“已建档”；审核中、未通过、已解困的档案不能导入"])
    notes.append(["重复导入", "申请人已有相同内容的已建档档案时跳过该行，不会重复建档"])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 90
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out
