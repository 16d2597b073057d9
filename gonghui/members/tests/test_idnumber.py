"""ID numbers and phone numbers as typed by staff and workers."""

import csv
import random
import re
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric

from gonghui.conftest import id_with_check
from gonghui.core.errors import ApplicationError
from gonghui.members import idnumber
from gonghui.members.idnumber import parse_id_number, parse_phone

VECTORS_CSV = Path(__file__).parent / "data" / "id_number_vectors.csv"
TODAY = date(2026, 1, 15)
REASON_CODES = {
    "checksum": "id_checksum",
    "date": "id_date",
    "future": "id_future",
    "region": "id_region",
    "format": "id_format",
    "length": "id_length",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _category(row: dict) -> str:
    return "valid" if row["valid"] == "true" else row["reason"].split(":")[0]


def _vectors(kind: str) -> list:
    """Rows of one kind: "valid", "legacy15" or "invalid" (every other reason)."""
    with VECTORS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [
        pytest.param(row["number"], row["reason"], id=row["number"])
        for row in rows
        if _category(row) == kind
        or (kind == "invalid" and _category(row) not in ("valid", "legacy15"))
    ]


def test_vector_file_has_every_category():
    assert len(_vectors("valid")) == 17
    assert len(_vectors("invalid")) == 20
    assert len(_vectors("legacy15")) == 2


@pytest.mark.parametrize(("number", "reason"), _vectors("valid"))
def test_valid_vectors_parse(number, reason):
    parsed = parse_id_number(number)
    assert parsed.number == number.upper()
    assert parsed.region_code == number[:6]
    assert parsed.birth_date.strftime("%Y%m%d") == number[6:14]
    assert parsed.gender == ("1" if int(number[16]) % 2 else "2")


@pytest.mark.parametrize(("number", "reason"), _vectors("invalid"))
def test_invalid_vectors_raise_application_error_with_reason_code(number, reason):
    category = reason.split(":")[0]
    with pytest.raises(ApplicationError) as exc:
        parse_id_number(number)
    assert exc.value.code == REASON_CODES[category]
    assert exc.value.field == "id_number"
    assert CJK.search(exc.value.message)


@pytest.mark.parametrize(("number", "reason"), _vectors("legacy15"))
def test_legacy_numbers_refused_when_not_allowed(number, reason):
    with pytest.raises(ApplicationError) as exc:
        parse_id_number(number, allow_legacy=False)
    assert exc.value.code == "id_length"


@pytest.mark.parametrize(("number", "reason"), _vectors("legacy15"))
def test_legacy_numbers_convert_to_the_18_digit_number_in_their_reason(number, reason):
    expected = re.search(r"converts to (?:18-digit )?(\d{17}[\dX])", reason).group(1)
    assert parse_id_number(number).number == expected
    assert idnumber.upgrade_legacy(number) == expected


def test_lowercase_x_is_upper_cased():
    assert parse_id_number("44011320141005001x").number == "44011320141005001X"


def test_full_width_digits_and_spaces_are_normalised():
    typed = "１１０１０５ １９４９１２３１　００２ｘ"
    assert parse_id_number(typed).number == "11010519491231002X"
    assert parse_id_number(" 110105 19491231 002X\t\n").number == "11010519491231002X"


def test_digits_of_other_scripts_are_refused_not_accepted_or_crashing():
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in "110105194912310021")
    with pytest.raises(ApplicationError) as exc:
        parse_id_number(arabic_indic[:17] + "X")
    assert exc.value.code == "id_format"
    # 15 characters that str.isdigit() accepts but int() does not (Kharosthi digits).
    with pytest.raises(ApplicationError):
        parse_id_number("\U00010a40" * 15)


def test_empty_input_is_required():
    for raw in ("", "   ", None):
        with pytest.raises(ApplicationError) as exc:
            parse_id_number(raw)
        assert exc.value.code == "id_required"


def test_birth_today_is_accepted_and_tomorrow_is_future():
    today_number = id_with_check("62012120260115001")
    assert parse_id_number(today_number, today=TODAY).birth_date == TODAY
    tomorrow = id_with_check("62012120260116001")
    with pytest.raises(ApplicationError) as exc:
        parse_id_number(tomorrow, today=TODAY)
    assert exc.value.code == "id_future"


def test_check_digit_matches_the_gb_example():
    assert idnumber.check_digit("11010519491231002") == "X"
    assert idnumber.check_digit("44052418800101001") == "4"


# Counties whose current code dates from 2001-2004 (武威 凉州, 张掖 甘州, 平凉 崆峒, 酒泉 肃州,
# 庆阳 西峰, 定西 安定, 陇南 武都): their older residents carry these codes all the same.
NEW_CODE_COUNTIES = ["620602", "620702", "620802", "620902", "621002", "621102", "621202"]


@pytest.mark.parametrize("region", NEW_CODE_COUNTIES)
@pytest.mark.parametrize("birth", ["19550101", "19630815", "19791231"])
def test_gansu_counties_with_young_codes_accept_older_residents(region, birth):
    number = id_with_check(f"{region}{birth}001")
    assert not ric.is_valid(number)  # python-stdnum alone would refuse this person
    parsed = parse_id_number(number)
    assert parsed.number == number
    assert parsed.region_code == region
    assert parsed.gender == "1"


def test_620602195501010015_style_number_parses():
    number = id_with_check("62060219550101001")
    assert parse_id_number(number).birth_date == date(1955, 1, 1)


def _fuzz_inputs(rng: random.Random, n: int):
    alphabet = (
        "0123456789" * 4
        + "Xx" * 3
        + "abcYZ -_/.+"
        + "０１２３４５６７８９ｘＸ　"
        + "\u0660\u0663\u0669\u0966\u096f\U00010a40\U00010a43\u00b2\u2460\U0001d7e0"
        + "中国甘肃\u200b\ufeff\n\t'\"\\%;\x00"
    )
    valid = "11010519491231002X"
    for _ in range(n):
        shape = rng.random()
        if shape < 0.4:
            length = rng.choice([15, 17, 18, 19]) if rng.random() < 0.6 else rng.randint(0, 30)
            yield "".join(rng.choice(alphabet) for _ in range(length))
        elif shape < 0.8:
            # a plausible number with one to three characters changed
            chars = list(valid if rng.random() < 0.5 else "620121100101013")
            for _ in range(rng.randint(1, 3)):
                chars[rng.randrange(len(chars))] = rng.choice(alphabet)
            yield "".join(chars)
        else:
            digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([15, 17])))
            yield digits if len(digits) == 15 else digits + rng.choice("0123456789X")


def test_fuzz_parse_id_number_raises_only_application_error():
    rng = random.Random(20260115)
    parsed = refused = 0
    for raw in _fuzz_inputs(rng, 4000):
        try:
            result = parse_id_number(raw, today=TODAY)
        except ApplicationError as exc:
            assert exc.code.startswith("id_"), raw
            refused += 1
        else:
            assert re.fullmatch(r"[0-9]{17}[0-9X]", result.number), raw
            assert result.birth_date <= TODAY
            parsed += 1
    # both outcomes were exercised
    assert parsed > 20 and refused > 2000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13912345678", "13912345678"),
        ("+8613912345678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("8613912345678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),
        (" 19912345678 ", "19912345678"),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "1391234567",  # 10 digits
        "139123456789",  # 12 digits
        "12912345678",  # second digit 2
        "23912345678",  # not starting with 1
        "+1 139 1234 5678",
        "0931-8123456",  # landline
        "139abcd5678",
        "\u0661\u0663\u0669\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",  # Arabic-Indic
    ],
)
def test_invalid_phone_numbers_are_refused(raw):
    with pytest.raises(ApplicationError) as exc:
        parse_phone(raw)
    assert exc.value.code == "phone_invalid"
    assert exc.value.field == "phone"
    assert CJK.search(exc.value.message)
