"""What the hotline's endpoints share: the router, the case number in the path, and the unions
named by id or by division code."""

import re
from typing import Annotated

from ninja import Path, Router

from gonghui.core.cleaning import Line
from gonghui.core.errors import ApplicationError
from gonghui.orgs.models import Org, OrgStatus, OrgType

COUNTY_CODE_INVALID = "单位所在地行政区划代码应为6位或12位数字。"
COUNTY_UNKNOWN = "找不到行政区划代码 {code} 对应的县区总工会，请核对后重新输入。"
ONLINE_RECEIVED = (
    "您的诉求已受理，工单编号 {number}。请记下工单编号，"
    "凭工单编号和您填写的联系电话即可查询办理进度。"
)

_DIVISION_CODE = re.compile(r"^[0-9]{6}([0-9]{6})?$")

router = Router(tags=["12351热线"])

# A case number in the path, e.g. 12351-20261013-0001.
CaseNumber = Annotated[Line, Path(max_length=40)]


def _county_by_code(code: str) -> Org | None:
    """The active county union of a division code: its first six digits name the county, so a
    12-digit code of a township or village inside it finds the same union."""
    code = code.strip()
    if not code:
        return None
    if not _DIVISION_CODE.match(code):
        raise ApplicationError(COUNTY_CODE_INVALID, code="county_code_invalid", field="county_code")
    county = (
        Org.objects.filter(
            org_type=OrgType.COUNTY,
            status=OrgStatus.ACTIVE,
            division_code__startswith=code[:6],
        )
        .order_by("path")
        .first()
    )
    if county is None:
        raise ApplicationError(
            COUNTY_UNKNOWN.format(code=code), code="county_unknown", field="county_code"
        )
    return county
