import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

PASSWORD_TOO_SHORT = "密码太短，至少需要 {n} 个字符。"
PASSWORD_CLASSES = "密码须包含大写字母、小写字母、数字、符号中的至少三类。"
PASSWORD_HAS_USERNAME = "密码不能包含用户名。"

_CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "符号"),
]


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in Chinese: Django 5.2 changed the message and its zh-hans
    catalogue still holds the old one, so the refusal came out in English."""

    def get_error_message(self):
        return PASSWORD_TOO_SHORT.format(n=self.min_length)


class CharacterClassValidator:
    """At least 3 of: lower case, upper case, digits, symbols."""

    def validate(self, password, user=None):
        if sum(1 for rx, _ in _CLASSES if rx.search(password)) < 3:
            raise ValidationError(PASSWORD_CLASSES, code="password_classes")

    def get_help_text(self):
        return PASSWORD_CLASSES


class NoUsernameValidator:
    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError(PASSWORD_HAS_USERNAME, code="password_has_username")

    def get_help_text(self):
        return PASSWORD_HAS_USERNAME
