"""Forms of the worker portal's account pages. The rules live in the services: these only
collect the fields and give Chinese "please fill in" messages."""

from django import forms

from gonghui.core.forms import WorkbenchForm


def _input(kind: str, **attrs) -> forms.Widget:
    widget = {"tel": forms.TextInput, "password": forms.PasswordInput}.get(kind, forms.TextInput)
    if kind == "tel":
        attrs = {"type": "tel", **attrs}
    return widget(attrs=attrs)


class PhoneForm(WorkbenchForm):
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        widget=_input("tel", autocomplete="tel", inputmode="tel", placeholder="请输入11位手机号"),
    )


class CodeLoginForm(PhoneForm):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=_input(
            "text",
            autocomplete="one-time-code",
            inputmode="numeric",
            pattern="[0-9]*",
            placeholder="6位数字",
        ),
    )

    # Required by the service for the login itself, not for sending the code (same form).
    agree = forms.BooleanField(label="我已阅读并同意《用户协议》和《隐私政策》", required=False)


class PasswordLoginForm(PhoneForm):
    password = forms.CharField(
        label="密码", max_length=128, widget=_input("password", autocomplete="current-password")
    )


class CertifyForm(WorkbenchForm):
    name = forms.CharField(label="姓名", max_length=40, widget=_input("text", autocomplete="name"))
    id_number = forms.CharField(
        label="身份证号",
        max_length=30,
        widget=_input("text", autocomplete="off", placeholder="18位居民身份证号"),
    )


class PasswordForm(WorkbenchForm):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=_input("text", autocomplete="one-time-code", inputmode="numeric"),
    )
    password = forms.CharField(
        label="新密码", max_length=128, widget=_input("password", autocomplete="new-password")
    )
    password2 = forms.CharField(
        label="再次输入新密码",
        max_length=128,
        widget=_input("password", autocomplete="new-password"),
    )


class ConsentForm(WorkbenchForm):
    agree = forms.BooleanField(label="我已阅读并同意以上更新后的内容", required=False)


class CloseAccountForm(WorkbenchForm):
    confirm = forms.BooleanField(label="我已了解注销的后果，确认注销", required=False)
