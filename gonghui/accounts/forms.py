from django import forms
from django.contrib.auth.forms import AuthenticationForm

from gonghui.accounts.services import LOGIN_FAILED, USER_INACTIVE
from gonghui.core.forms import clean_text_fields


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
