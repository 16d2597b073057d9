"""Code lists for member records (STANDARDS.md, "Member" and "Code lists")."""

from django.db import models

GENDER_CHOICES = [("0", "未知的性别"), ("1", "男性"), ("2", "女性"), ("9", "未说明的性别")]

_ETHNIC = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(f"{i:02d}", name) for i, name in enumerate(_ETHNIC, start=1)]

# GB/T 4658-2006, top-level codes.
EDUCATION_CHOICES = [
    ("10", "研究生"),
    ("20", "大学本科"),
    ("30", "大学专科"),
    ("40", "中等职业教育"),
    ("60", "普通高中"),
    ("70", "初中"),
    ("80", "小学"),
    ("90", "其他"),
]

# GB/T 4762.
POLITICAL_CHOICES = [
    ("01", "中共党员"),
    ("02", "中共预备党员"),
    ("03", "共青团员"),
    ("04", "民主党派成员"),
    ("12", "无党派人士"),
    ("13", "群众"),
]

ID_TYPE_CHOICES = [
    ("1", "身份证"),
    ("2", "护照"),
    ("3", "军官证"),
    ("4", "港澳居民来往内地通行证"),
    ("5", "台湾居民来往大陆通行证"),
    ("6", "外国人永久居留身份证"),
]

EMPLOYMENT_CHOICES = [
    ("1", "在岗"),
    ("2", "待（下）岗"),
    ("3", "失业"),
    ("4", "退休"),
    ("5", "离休"),
    ("6", "退职"),
    ("7", "退养（内退）"),
    ("8", "病休"),
    ("9", "其他"),
]

TECH_LEVEL_CHOICES = [
    ("1", "职业资格一级（高级技师）"),
    ("2", "职业资格二级（技师）"),
    ("3", "职业资格三级（高级）"),
    ("4", "职业资格四级（中级）"),
    ("5", "职业资格五级（初级）"),
]

HOUSEHOLD_CHOICES = [("1", "农业户口"), ("2", "非农业户口"), ("3", "居民户口")]

MEMBER_TYPE_CHOICES = [("1", "普通会员"), ("2", "预备会员")]


class Category(models.TextChoices):
    EMPLOYED = "employed", "在岗职工"
    MIGRANT = "migrant", "农民工"
    NF_TRUCK = "nf_truck", "新就业形态-货车司机"
    NF_RIDEHAIL = "nf_ridehail", "新就业形态-网约车司机"
    NF_COURIER = "nf_courier", "新就业形态-快递员"
    NF_DELIVERY = "nf_delivery", "新就业形态-外卖配送员"
    NF_PLATFORM = "nf_platform", "新就业形态-其他平台从业者"
    DISPATCHED = "dispatched", "劳务派遣"
    RETIRED = "retired", "离退休"


NEW_FORMS = [c for c in Category.values if c.startswith("nf_")]


class ChangeType(models.TextChoices):
    """会籍变化类型."""

    JOIN = "1", "入会"
    TRANSFER_IN = "2", "转入"
    RETAIN = "3", "保留"
    TRANSFER_OUT = "4", "转出"
    EXPEL = "5", "除名"
    LEAVE = "6", "退会"


class ChangeReason(models.TextChoices):
    """会籍变化原因."""

    RELATION_CHANGED = "1", "劳动（工作）关系发生变化"
    LAID_OFF = "2", "在本单位下岗后待岗"
    UNEMPLOYED = "3", "失业"
    BANKRUPT = "4", "所在企业破产"
    PERSONAL = "5", "个人要求退会"
    CRIME = "6", "因犯罪被开除会籍"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在会"
    RETAINED = "retained", "保留会籍"
    LEFT = "left", "已退会"
    EXPELLED = "expelled", "已除名"


# A person holds at most one membership in these states.
HOLDING_STATUSES = [MemberStatus.ACTIVE, MemberStatus.RETAINED]
