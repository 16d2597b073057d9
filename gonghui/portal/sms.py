"""Sending SMS: one small gateway interface, the backend chosen by a setting.

`send_sms(phone, message)` hands the text to the backend named by the dotted path in the setting
`GONGHUI_SMS_BACKEND` (environment variable of the same name):

- `gonghui.portal.sms.ConsoleBackend` (the default): writes the message to the log, so during
  development (`make run`) the verification code shows in the terminal.
- `gonghui.portal.sms.TestBackend` (the test settings): keeps messages in `outbox`, like Django's
  `mail.outbox`; tests read the codes there.

Plugging in a real provider (阿里云短信, 腾讯云短信, a carrier's SMS gateway …): subclass
`SmsBackend` in a module of your own, implement `send(phone, message)` with the provider's SDK or
HTTP API (read its keys, sign name and template id from environment variables in `__init__`,
never from code), raise `SmsSendError` when the provider refuses, and point the setting at it:
`GONGHUI_SMS_BACKEND=mycompany.sms.AliyunBackend`. Callers send after their transaction commits,
so a message never goes out for a write that was rolled back; a failing send is logged and does not
undo the write.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.core.masking import mask_phone

logger = logging.getLogger(__name__)


class SmsSendError(Exception):
    """The provider did not accept the message."""


class SmsBackend:
    def send(self, phone: str, message: str) -> None:
        raise NotImplementedError


class ConsoleBackend(SmsBackend):
    """Development: the message goes to the log (the phone number masked)."""

    def send(self, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), message)


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    message: str


class TestBackend(SmsBackend):
    """Tests: messages are kept in the class-wide `outbox` (cleared by the tests)."""

    outbox: list[SmsMessage] = []

    def send(self, phone: str, message: str) -> None:
        self.outbox.append(SmsMessage(phone=phone, message=message))


def get_backend() -> SmsBackend:
    return import_string(settings.GONGHUI_SMS_BACKEND)()


def send_sms(phone: str, message: str) -> None:
    get_backend().send(phone, message)
