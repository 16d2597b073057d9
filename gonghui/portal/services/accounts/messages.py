"""Every message the portal's account services show a worker (reused by the tests)."""

SMS_TEXT = "【{sign}】您的验证码是{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。"
SEND_TOO_SOON = "验证码发送过于频繁，请{seconds}秒后再试。"
SEND_DAILY_LIMIT = "该手机号今天已获取{n}次验证码，已达上限，请明天再试。"
SEND_IP_LIMIT = "当前网络获取验证码过于频繁，请1小时后再试。"
CODE_REQUIRED = "请填写短信验证码。"
CODE_NONE = "请先获取短信验证码。"
CODE_EXPIRED = "验证码已过期，请重新获取。"
CODE_USED = "验证码已使用过，请重新获取。"
CODE_DEAD = "验证码输错次数过多，已失效，请重新获取。"
CODE_WRONG = "验证码错误，还可再试{n}次。"
ACCOUNT_DISABLED = "该账号已停用，如有疑问请联系工会。"
ACCOUNT_CLOSED = "该手机号的账号已注销，不能再登录。您的会员档案仍由工会保存，如有疑问请联系工会。"
LOGIN_FAILED = "手机号或密码错误。未设置过密码请使用验证码登录。"
LOGIN_LOCKED = "密码错误次数过多，请{minutes}分钟后再试，或使用验证码登录。"
PASSWORD_REQUIRED = "请填写密码。"
PASSWORD_HAS_PHONE = "密码不能包含手机号。"
CERTIFY_FIRST = "请先完成实名认证。"
PASSWORD_MISMATCH = "两次输入的密码不一致，请重新输入。"
NAME_REQUIRED = "请填写姓名。"
NAME_TOO_LONG = "姓名不能超过40个字。"
ALREADY_CERTIFIED = (
    "您已完成实名认证（{name}），不能更换姓名或身份证号；如认证信息有误，请联系工会处理。"
)
CERTIFY_DUPLICATE = (
    "该身份证号已由其他账号完成实名认证。如非本人操作，请拨打12351职工维权服务热线或联系工会。"
)
CERTIFY_NAME_MISMATCH = "姓名与身份证号不一致，请核对后重新输入。"
CERTIFY_PHONE_MISMATCH = (
    "您的会员档案中登记的手机号与当前登录的手机号不一致。请用档案中登记的手机号登录后认证，"
    "或请所在工会更新您的手机号后再试。"
)
CERTIFY_TRIES_LEFT = "（24小时内还可尝试{n}次）"
CERTIFY_LOCKED = "实名认证信息多次不符，请于{at}以后再试；如有疑问请联系工会。"
