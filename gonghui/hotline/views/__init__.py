"""The 12351 workbench: the agent console (take calls, dispatch, call back), the handlers' queue,
the case page with the actions the current state allows, and the attachments; and the deadline
rules. One module per use case; the URLconfs use the names below."""

from gonghui.hotline.views.agent_console import console, dispatch
from gonghui.hotline.views.case_actions import (
    accept,
    attach,
    callback,
    close,
    note,
    return_,
    supervise,
    transfer,
)
from gonghui.hotline.views.case_page import attachment_download, detail, reveal_phone, unmask
from gonghui.hotline.views.case_queue import queue
from gonghui.hotline.views.deadline_rules import rule_delete, rule_set, rules

__all__ = [
    "accept",
    "attach",
    "attachment_download",
    "callback",
    "close",
    "console",
    "detail",
    "dispatch",
    "note",
    "queue",
    "return_",
    "reveal_phone",
    "rule_delete",
    "rule_set",
    "rules",
    "supervise",
    "transfer",
    "unmask",
]
