"""Resident ID numbers (GB 11643-1999), checked the way our members need.

python-stdnum gives the check digit and the region look-up only; it is not used as the gate
because it refuses real numbers whose region code is younger than the holder, crashes on
unknown Gansu codes and accepts future birth dates (DESIGN.md, "Known library caveats").
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.utils import timezone
from stdnum import numdb
from stdnum.cn import ric

from gonghui.core.errors import ApplicationError

ID_REQUIRED = "请填写身份证号。"
ID_LENGTH = "身份证号应为18位（或旧版15位），当前为{n}位，请核对后重新输入。"
ID_FORMAT = "身份证号前17位只能是数字，第18位只能是数字或X，请核对后重新输入。"
ID_DATE = "身份证号中的出生日期（{value}）不存在，请核对后重新输入。"
ID_FUTURE = "身份证号中的出生日期（{value}）晚于今天，请核对后重新输入。"
ID_CHECKSUM = "身份证号第18位校验码错误，请核对后重新输入。"
ID_REGION = "身份证号前6位（{value}）不是有效的行政区划代码，请核对后重新输入。"

# ASCII digits only: \d would also let through other scripts' digits (Arabic-Indic, Devanagari...).
_FORMAT_18 = re.compile(r"^[0-9]{17}[0-9X]$")
_LEGACY_15 = re.compile(r"^[0-9]{15}$")


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: date
    gender: str  # GB/T 2261.1: "1" male, "2" female
    region_code: str


def normalize(raw: str) -> str:
    """Full-width digits and letters to ASCII, spaces dropped, x upper-cased."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"\s+", "", text).upper()


@cache  # a few thousand codes; the numdb walk costs more than the rest of a row's checks
def is_known_region(code6: str) -> bool:
    """Any county-level code that has ever existed in GB/T 2260, whatever its years."""
    parts = numdb.get("cn/loc").info(code6)
    return any("county" in props for _, props in parts)


def check_digit(body17: str) -> str:
    """The GB 11643 MOD 11-2 check character of the first 17 digits."""
    # stdnum's calc_check_digit takes the full 18 characters and ignores the last one.
    return ric.calc_check_digit(body17 + "0")


def upgrade_legacy(number15: str) -> str:
    """First-generation 15-digit number -> 18 digits (century 19, check digit appended)."""
    body = number15[:6] + "19" + number15[6:]
    return body + check_digit(body)


def parse_id_number(raw: str, *, allow_legacy: bool = True, today: date | None = None) -> IdNumber:
    """Return the normalised 18-digit number and what it says, or raise ApplicationError.

    Never raises anything else, whatever the input.
    """
    number = normalize(raw)
    if not number:
        raise ApplicationError(ID_REQUIRED, code="id_required", field="id_number")
    if len(number) == 15 and allow_legacy and _LEGACY_15.match(number):
        number = upgrade_legacy(number)
    if len(number) != 18:
        raise ApplicationError(ID_LENGTH.format(n=len(number)), code="id_length", field="id_number")
    if not _FORMAT_18.match(number):
        raise ApplicationError(ID_FORMAT, code="id_format", field="id_number")
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ApplicationError(
            ID_DATE.format(value=digits), code="id_date", field="id_number"
        ) from None
    if birth > (today or timezone.localdate()):
        raise ApplicationError(ID_FUTURE.format(value=digits), code="id_future", field="id_number")
    if check_digit(number[:17]) != number[17]:
        raise ApplicationError(ID_CHECKSUM, code="id_checksum", field="id_number")
    if not is_known_region(number[:6]):
        raise ApplicationError(
            ID_REGION.format(value=number[:6]), code="id_region", field="id_number"
        )
    gender = "1" if int(number[16]) % 2 else "2"
    return IdNumber(number=number, birth_date=birth, gender=gender, region_code=number[:6])


PHONE_INVALID = "手机号应为11位数字、以1开头，请核对后重新输入。"
_PHONE = re.compile(r"^1[3-9][0-9]{9}$")


def parse_phone(raw: str) -> str:
    """Mainland mobile number; accepts +86 / 86 prefixes, spaces and dashes."""
    phone = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw or ""))
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("86") and len(phone) == 13:
        phone = phone[2:]
    if not _PHONE.match(phone):
        raise ApplicationError(PHONE_INVALID, code="phone_invalid", field="phone")
    return phone
