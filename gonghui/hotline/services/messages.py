"""Every message the hotline's services show a user, and the limits they quote: one place,
reused by the forms and the tests."""

from gonghui.core import uploads

STALE = "工单已被他人更新，请刷新后重试。"
NO_PERMISSION = "您没有权限{action}。"
AGENT_ONLY = "只有12351坐席可以{action}。"
NOT_HOLDER = "该工单当前由「{holder}」承办，只有该工会或其上级工会可以{action}。"
NOT_ABOVE = "只有「{holder}」的上级工会可以督办该工单。"
WRONG_STATUS = "工单当前状态为「{status}」，不能{action}。"
CHOICE_REQUIRED = "请选择{label}。"
TEXT_REQUIRED = "请填写{label}。"
TEXT_TOO_LONG = "{label}不能超过{n}个字。"
RECEIVED_IN_FUTURE = "受理时间不能晚于当前时间。"
CALLER_PHONE_INVALID = "联系电话应为11位手机号或带区号的固定电话，请核对后重新输入。"
COUNTY_INVALID = "单位所在地请选择县区总工会。"
NUMBER_INVALID = "{label}应为不小于0的整数。"
TARGET_INACTIVE = "「{name}」已撤销或合并，不能接收工单。"
TARGET_OTHER_CENTRE = "「{name}」不属于本热线中心的工会组织，不能派单。"
TRANSFER_NOT_BELOW = "只能转派给「{holder}」的下级工会。"
REOPEN_NEEDS_UNSATISFIED = "只有评价为「不满意」的工单可以重新办理。"
REASON_REQUIRED = "办理结果为「{result}」时，请填写原因。"
ALREADY_RATED = "您已评价过该工单，不能重复评价。"
RATE_NOT_CLOSED = "工单尚未办结，办结后才能评价。"
ONLINE_TOO_MANY_FILES = "一次最多上传 {n} 个附件。"
DEADLINE_RECOMPUTED = "工作日历调整，办理时限重新计算"

# --- 通知 ---

NOTICE_RETURNED_TITLE = "工单 {number} 被「{org}」退单"
NOTICE_CLOSED_TITLE = "工单 {number} 已由「{org}」办结"
NOTICE_CLOSED_BODY = "办理结果：{result}。"
NOTICE_REOPENED_TITLE = "工单 {number} 回访不满意，退回本会重新办理"

# --- 附件 ---

ATTACHMENT_MAX_BYTES = uploads.ATTACHMENT_MAX_BYTES
ATTACHMENT_MAX_PER_CASE = 10
ATTACHMENT_TYPES_TEXT = "PDF、JPG、PNG、Word、Excel 或 MP3/AMR/WAV 录音"
ATTACHMENT_TYPE_INVALID = "「{name}」的文件类型不支持，只能上传" + ATTACHMENT_TYPES_TEXT + "。"
ATTACHMENT_CONTENT_INVALID = "「{name}」的内容与扩展名「{ext}」不符，请上传真实的{label}文件。"
ATTACHMENT_TOO_LARGE = "「{name}」超过 10 MB，请压缩后再上传。"
ATTACHMENT_EMPTY = "「{name}」是空文件。"
ATTACHMENT_TOO_MANY = "每个工单最多上传 10 个附件，本工单已有 {n} 个。"
ATTACHMENT_NAME_TOO_LONG = "文件名不能超过 100 个字，请改名后再上传。"

# --- 办理时限规则 ---

RULES_DENIED = "只有系统管理员可以维护办理时限规则。"
RULE_COMPLEXITY_INVALID = "请选择复杂程度。"
RULE_CATEGORY_INVALID = "问题分类不存在，请重新选择；留空为该复杂程度的默认规则。"
RULE_KIND_INVALID = "请选择计算方式。"
RULE_DAYS_INVALID = "天数应为0至60之间的整数。"
RULE_DAYS_SAME_DAY = "「当日办结」规则不按天数计算，天数请填0。"
RULE_DAYS_REQUIRED = "按{kind}计算时，天数应为1至60之间的整数。"
RULE_CUTOFF_INVALID = "截止受理时间格式不正确，请按 17:30 的格式填写。"
RULE_CUTOFF_ONLY_SAME_DAY = "只有「当日办结」规则可以设置截止受理时间，按{kind}计算时请留空。"
RULE_DEFAULT_UNDELETABLE = "「{rule}」是默认规则，不能删除，只能修改。"
RULE_NOT_FOUND = "找不到该办理时限规则，可能已被删除。"
RULE_MAX_DAYS = 60
