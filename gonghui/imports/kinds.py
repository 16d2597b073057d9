"""The registry of import kinds: what each app lets its users import through the job framework.

An app registers its kinds in `<app>/import_kinds.py` (autodiscovered by `ImportsConfig.ready`):

    register_kind(ImportKind(code="sites", label="服务阵地", permission=Perm.SITE_MANAGE, ...))

The framework (`gonghui.imports.jobs`) keeps the upload, runs the kind's `run` in a background
job, shows the progress, the counters and the first errors, offers the error report and the
cancel button, and purges the files; the kind only reads the file and writes its rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from gonghui.core.errors import NotFound

KIND_UNKNOWN = "没有这种导入。"


class Summary(Protocol):
    """What a kind's `run` returns: the counters of the job, and how it ended."""

    total: int | None
    read: int
    created: int
    updated: int
    skipped: int
    failed: int
    warnings: list[str]
    rolled_back: bool
    cancelled: bool


@dataclass
class JobSummary:
    """A plain `Summary`, for kinds that keep no counters of their own."""

    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    total: int | None = None
    rolled_back: bool = False
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)


# run(job=..., file=..., report=..., on_progress=...) -> Summary. `report` is a
# `core.tabular.ErrorReport` the kind adds its row errors to; `on_progress(summary)` returns
# True when the user asked to cancel. A kind that commits in units calls
# `on_progress(summary, committing=True)` as the last statement of each unit's transaction: the
# counters are then recorded as the job's checkpoint, in that transaction. Refusals of the whole file raise ApplicationError.
Runner = Callable[..., Summary]


@dataclass(frozen=True)
class ImportKind:
    code: str  # stored in ImportJob.kind, at most 40 characters
    label: str  # what is imported, in Chinese: 「导入{label}」
    permission: str  # a `Perm`: to upload, and to see or cancel one's own job
    refusal: str  # the message of a user without `permission`
    audit_prefix: str  # the job writes `<prefix>.import` (a refusal) and `<prefix>.import_cancel`
    run: Runner
    upload_url: str  # URL name of the kind's upload page (the breadcrumb's 「导入」)
    home_url: str  # URL name of the list the rows land in (breadcrumb, and the button below)
    home_label: str  # the breadcrumb's first crumb: 「会员」
    done_label: str  # the button under a finished job: 「查看会员名单」
    template_url: str = ""  # URL name of the template download, if the kind has one
    # The job's message when bad rows stopped an all-or-none import ({n}: how many); blank:
    # the framework's (`jobs.ROLLED_BACK`).
    rolled_back: str = ""
    # url_args(job) -> the arguments of `upload_url` and `home_url` (a campaign's id)
    url_args: Callable[..., tuple] | None = None
    # check(actor=..., org=..., options=...) before the job is queued (scope of a default org);
    # raises Forbidden or ApplicationError.
    check: Callable[..., None] | None = None
    # A run killed half-way (the worker died) may be run again from the start over the same
    # file: re-importing what it had committed changes nothing (`gonghui.imports.recovery`).
    # Otherwise such a job ends failed and the user uploads again.
    restartable: bool = False
    # The counters the result page shows, in order: (field of ImportJob, Chinese label).
    counters: tuple[tuple[str, str], ...] = (
        ("created", "新增"),
        ("updated", "更新"),
        ("skipped", "未变跳过"),
        ("failed", "错误"),
    )


_KINDS: dict[str, ImportKind] = {}


def register_kind(kind: ImportKind) -> ImportKind:
    if kind.code in _KINDS and _KINDS[kind.code] != kind:
        raise ValueError(f"import kind {kind.code!r} registered twice")
    if len(kind.code) > 40:
        raise ValueError(f"import kind code {kind.code!r} longer than 40 characters")
    _KINDS[kind.code] = kind
    return kind


def kind_of(code: str) -> ImportKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise NotFound(KIND_UNKNOWN) from None


def registered_kinds() -> list[ImportKind]:
    return list(_KINDS.values())
