"""Code lists of hardship assistance (困难职工帮扶). Labels are what the federation's forms say."""

from django.db import models


class Level(models.TextChoices):
    """困难类别."""

    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    ACCIDENT = "accident", "意外致困"


class Cause(models.TextChoices):
    """致困原因 (an archive may have several)."""

    ILLNESS = "illness", "本人患大病"
    FAMILY_ILLNESS = "family_illness", "家属患大病"
    DISABILITY = "disability", "本人或家属残疾"
    UNEMPLOYED = "unemployed", "下岗失业"
    LOW_WAGE = "low_wage", "工资收入低"
    ENTERPRISE = "enterprise", "企业经营困难"
    EDUCATION = "education", "子女教育负担重"
    SINGLE_PARENT = "single_parent", "单亲家庭"
    ACCIDENT = "accident", "因灾因意外"
    OTHER = "other", "其他"


class Measure(models.TextChoices):
    """五个一批 help measures."""

    EMPLOYMENT = "employment", "就业扶持"
    SECURITY = "security", "保障覆盖"
    RELIEF = "relief", "兜底救助"
    MUTUAL = "mutual", "互助互济"
    TARGETED = "targeted", "精准脱贫"


class FundSource(models.TextChoices):
    SPECIAL = "special", "专项资金"
    HIGHER = "higher", "上级拨付"
    OWN = "own", "本级"
    DONATION = "donation", "社会捐赠"


class AidForm(models.TextChoices):
    CASH = "cash", "现金"
    GOODS = "goods", "实物"


class Health(models.TextChoices):
    HEALTHY = "healthy", "健康"
    CHRONIC = "chronic", "慢性病"
    SERIOUS = "serious", "重大疾病"
    DISABLED = "disabled", "残疾"


class Disability(models.TextChoices):
    NONE = "", "无"
    VISUAL = "visual", "视力残疾"
    HEARING = "hearing", "听力残疾"
    SPEECH = "speech", "言语残疾"
    PHYSICAL = "physical", "肢体残疾"
    INTELLECTUAL = "intellectual", "智力残疾"
    MENTAL = "mental", "精神残疾"
    MULTIPLE = "multiple", "多重残疾"


class Housing(models.TextChoices):
    OWN = "own", "自有住房"
    RENTED = "rented", "租房"
    PUBLIC = "public", "公租房/廉租房"
    BORROWED = "borrowed", "借住"
    NONE = "none", "无房"


class ModelWorker(models.TextChoices):
    """劳模类型."""

    NONE = "", "非劳模"
    NATIONAL = "national", "全国劳模"
    PROVINCIAL = "provincial", "省部级劳模"
    CITY = "city", "市级劳模"


class WorkStatus(models.TextChoices):
    EMPLOYED = "employed", "在岗"
    LAID_OFF = "laid_off", "下岗"
    UNEMPLOYED = "unemployed", "失业"
    RETIRED = "retired", "退休"
    SICK_LEAVE = "sick_leave", "病休"


class Marriage(models.TextChoices):
    SINGLE = "single", "未婚"
    MARRIED = "married", "已婚"
    DIVORCED = "divorced", "离异"
    WIDOWED = "widowed", "丧偶"


class Hukou(models.TextChoices):
    URBAN = "urban", "城镇户口"
    RURAL = "rural", "农村户口"


class EmployerNature(models.TextChoices):
    """工作单位性质."""

    STATE = "state", "国有企业"
    COLLECTIVE = "collective", "集体企业"
    PRIVATE = "private", "民营企业"
    FOREIGN = "foreign", "外资企业"
    INSTITUTION = "institution", "机关事业单位"
    OTHER = "other", "其他"


class EnterpriseState(models.TextChoices):
    """企业状况."""

    NORMAL = "normal", "正常经营"
    DIFFICULT = "difficult", "经营困难"
    HALTED = "halted", "停产半停产"
    BANKRUPT = "bankrupt", "破产"


class MedicalInsurance(models.TextChoices):
    URBAN_EMPLOYEE = "employee", "城镇职工医保"
    URBAN_RESIDENT = "resident", "城乡居民医保"
    NONE = "none", "未参保"


class Relation(models.TextChoices):
    """家庭成员与申请人关系."""

    SELF = "self", "本人"
    SPOUSE = "spouse", "配偶"
    CHILD = "child", "子女"
    PARENT = "parent", "父母"
    OTHER = "other", "其他"


class ArchiveStatus(models.TextChoices):
    SUBMITTED = "submitted", "待初审"
    FIRST_PASSED = "first_passed", "待终审"
    NOTICE = "notice", "公示中"
    ARCHIVED = "archived", "已建档"
    REJECTED = "rejected", "未通过"
    EXITED = "exited", "已解困"


# An archive in one of these blocks a second archive for the same household.
OPEN_STATUSES = (
    ArchiveStatus.SUBMITTED,
    ArchiveStatus.FIRST_PASSED,
    ArchiveStatus.NOTICE,
    ArchiveStatus.ARCHIVED,
)


class Channel(models.TextChoices):
    UNION = "union", "基层工会代报"
    PORTAL = "portal", "职工网上申请"
    IMPORT = "import", "批量导入"


class CampaignKind(models.TextChoices):
    """四送 and 金秋助学."""

    WARMTH = "warmth", "送温暖"
    COOLNESS = "coolness", "送清凉"
    JOBS = "jobs", "送岗位"
    SKILLS = "skills", "送技能/送法律"


class SchoolLevel(models.TextChoices):
    """金秋助学: the level of school the student enters or attends."""

    UNDERGRADUATE = "undergraduate", "本科"
    JUNIOR_COLLEGE = "junior_college", "专科（高职）"
    POSTGRADUATE = "postgraduate", "研究生"
    VOCATIONAL = "vocational", "中职"
    HIGH_SCHOOL = "high_school", "普通高中"
