from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm

from gonghui.accounts.services import LOGIN_FAILED, USER_INACTIVE
from gonghui.core.forms import CleanTextForm, clean_text_fields

PASSWORD_RULES = "至少 8 位，包含大写字母、小写字母、数字、符号中的三类，且不能包含账号。"


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": USER_INACTIVE}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].error_messages["required"] = "请填写用户名。"
        self.fields["password"].error_messages["required"] = "请填写密码。"
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
        clean_text_fields(self)


PASSWORD_INCORRECT = "当前密码不正确，请重新输入。"
PASSWORDS_DIFFER = "两次输入的新密码不一致，请重新输入。"


class PasswordChangeForm(DjangoPasswordChangeForm, CleanTextForm):
    """修改密码: Django's form, in the workbench's words. It checks the current password, that
    the new one is typed twice alike and passes the password validators; the view then calls
    `accounts.staff_services.user_password_change`, which saves it."""

    error_messages = {
        "password_incorrect": PASSWORD_INCORRECT,
        "password_mismatch": PASSWORDS_DIFFER,
    }

    def __init__(self, user, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(user, *args, **kwargs)
        for name, label in (
            ("old_password", "当前密码"),
            ("new_password1", "新密码"),
            ("new_password2", "再输入一次新密码"),
        ):
            field = self.fields[name]
            field.label = label
            field.help_text = ""
            field.error_messages["required"] = f"请填写{label}。"
        self.fields["new_password1"].help_text = PASSWORD_RULES

    def save(self, commit=True):
        raise NotImplementedError("the view calls accounts.staff_services.user_password_change")
