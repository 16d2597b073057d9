"""五小 / 合理化建议 / 技术革新 / 先进操作法: submitted for a worker or a team of a union, reviewed
by that union (采纳 with its economic benefit, or 不采纳 with a reason), and once adopted
recommended upward, one union at a time, by the union it has reached."""

from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.models.studios import (
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
)
from gonghui.competitions.studios.metrics import stats_suggestion_changed
from gonghui.competitions.studios.services.common import require_scope
from gonghui.competitions.studios.services.flow import reason_of
from gonghui.competitions.studios.services.results import _wan
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.core.ratelimit import RateLimit
from gonghui.inbox.services import refresh
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member, Team
from gonghui.orgs.models import Org

TITLE_REQUIRED = "请填写名称。"
TITLE_TOO_LONG = "名称不能超过80个字。"
CONTENT_REQUIRED = "请填写内容。"
KIND_INVALID = "请选择类别。"
SUBMITTER_REQUIRED = "请选择提报人或提报班组（二选一）。"
SUBMITTER_OUTSIDE = "提报人或班组须属于所在工会。"
NOT_PENDING = "该项已评审，不能重复评审。"
NOT_ADOPTED = "只有已采纳的成果和建议可以向上推荐。"
NOT_YOUR_LEVEL = "只有该项当前所在的工会可以继续向上推荐。"
AT_TOP = "该项已推荐至最高一级工会。"
CONTENT_TOO_LONG = "内容不能超过{n}个字。"
WORKER_NOT_MEMBER = "只有认证为工会会员的职工才能提报，请先在「我的」完成会员认证。"
TEAM_NOT_YOURS = "请选择您所在的班组。"
RATE_LIMITED = "您今天已提报{n}项，请明天再提报。"

# A worker's own submissions on the portal: at most this many a day (refused ones do not
# count), each at most this long.
ONLINE_PER_DAY = 5
CONTENT_MAX = 2000
ONLINE_PER_MEMBER = RateLimit("suggestion-member", ONLINE_PER_DAY, 24 * 60 * 60)


class TooManySubmissions(ApplicationError):
    status = 429
    code = "rate_limited"


def _locked(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("org", "recommended_to")
        .get(pk=suggestion.pk)
    )


def _kind_and_title(kind: str, title: str) -> tuple[str, str]:
    if kind not in SuggestionKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    title = clean_text(title, label="名称", field="title")
    if not title:
        raise ApplicationError(TITLE_REQUIRED, field="title")
    if len(title) > 80:
        raise ApplicationError(TITLE_TOO_LONG, field="title")
    return kind, title


def _content(content: str) -> str:
    content = clean_text(content, multiline=True, label="内容", field="content")
    if not content:
        raise ApplicationError(CONTENT_REQUIRED, field="content")
    if len(content) > CONTENT_MAX:
        raise ApplicationError(CONTENT_TOO_LONG.format(n=CONTENT_MAX), field="content")
    return content


@atomic_keeping_denials(durable=True)
def suggestion_submit(
    *,
    actor: User,
    org: Org,
    kind: str,
    title: str,
    content: str,
    member: Member | None = None,
    team: Team | None = None,
) -> Suggestion:
    require_scope(actor, org)
    kind, title = _kind_and_title(kind, title)
    content = _content(content)
    if (member is None) == (team is None):
        raise ApplicationError(SUBMITTER_REQUIRED, field="member")
    if (member is not None and member.org_id != org.pk) or (
        team is not None and team.org_id != org.pk
    ):
        raise ApplicationError(SUBMITTER_OUTSIDE, field="member" if member else "team")
    suggestion = Suggestion.objects.create(
        org=org,
        kind=kind,
        title=title,
        content=content,
        member=member,
        team=team,
        created_by=actor,
    )
    stats_suggestion_changed(suggestion, before=None)
    audit_record(
        actor=actor,
        action="competitions.studio.suggestion_submit",
        obj=suggestion,
        org=org,
        changes={"title": title, "kind": kind, "by": member.name if member else team.name},
    )
    refresh(suggestion)
    return suggestion


@atomic_keeping_denials(durable=True)
def suggestion_review(
    *, actor: User, suggestion: Suggestion, adopt: bool, benefit: Any = 0, note: str = ""
) -> Suggestion:
    """The union's own review: 采纳 (with the benefit in 万元) or 不采纳 (a reason is needed)."""
    suggestion = _locked(suggestion)
    require_scope(actor, suggestion.org, suggestion)
    if suggestion.status != SuggestionStatus.SUBMITTED:
        raise ApplicationError(NOT_PENDING)
    before = (suggestion.status, suggestion.benefit)
    if adopt:
        suggestion.status = SuggestionStatus.ADOPTED
        suggestion.benefit = _wan(benefit, "benefit")
        suggestion.review_note = clean_text(note, label="评审意见", field="note")[:200]
    else:
        suggestion.status = SuggestionStatus.REJECTED
        suggestion.review_note = reason_of(note)
    suggestion.reviewed_on = timezone.localdate()
    suggestion.save()
    stats_suggestion_changed(suggestion, before=before)
    audit_record(
        actor=actor,
        action="competitions.studio.suggestion_review",
        obj=suggestion,
        org=suggestion.org,
        changes={
            "suggestion_status": [before[0], suggestion.status],
            "benefit": str(suggestion.benefit),
            "reason": suggestion.review_note,
        },
    )
    refresh(suggestion)
    return suggestion


@atomic_keeping_denials(durable=True)
def suggestion_recommend(*, actor: User, suggestion: Suggestion) -> Suggestion:
    """Recommend an adopted item to the union above the one it has reached."""
    suggestion = _locked(suggestion)
    require_scope(actor, suggestion.org, suggestion)
    if suggestion.status != SuggestionStatus.ADOPTED:
        raise ApplicationError(NOT_ADOPTED)
    reached = suggestion.recommended_to or suggestion.org
    if actor.org_id != reached.pk:
        raise ApplicationError(NOT_YOUR_LEVEL)
    parent = Org.objects.get_parent(reached)
    if parent is None:
        raise ApplicationError(AT_TOP)
    suggestion.recommended_to = parent
    suggestion.save(update_fields=["recommended_to"])
    audit_record(
        actor=actor,
        action="competitions.studio.suggestion_recommend",
        obj=suggestion,
        org=suggestion.org,
        changes={"at_org": [reached.name, parent.name]},
    )
    return suggestion


def worker_teams(member: Member) -> list[Team]:
    """The active teams of the member's union he belongs to (he may submit for one)."""
    return list(
        Team.objects.filter(org_id=member.org_id, active=True, memberships__member=member)
        .distinct()
        .order_by("name")
    )


def _worker_member(worker) -> Member:
    member = worker.member if worker is not None and worker.is_certified else None
    if member is None or member.status not in HOLDING_STATUSES:
        raise ApplicationError(WORKER_NOT_MEMBER)
    return Member.objects.select_related("org").get(pk=member.pk)


@atomic_keeping_denials(durable=True)
def suggestion_submit_by_worker(
    *, worker, kind: str, title: str, content: str, team: Team | None = None
) -> Suggestion:
    """A worker's own 五小 / 合理化建议 from the portal, to his base union (a 待办 there), for
    himself or for a team of his he names. At most `ONLINE_PER_DAY` a day."""
    member = _worker_member(worker)
    kind, title = _kind_and_title(kind, title)
    content = _content(content)
    if team is not None and team.pk not in {t.pk for t in worker_teams(member)}:
        raise ApplicationError(TEAM_NOT_YOURS, field="team")
    if not ONLINE_PER_MEMBER.hit(str(member.pk)):
        ONLINE_PER_MEMBER.undo(str(member.pk))
        raise TooManySubmissions(RATE_LIMITED.format(n=ONLINE_PER_DAY))
    suggestion = Suggestion.objects.create(
        org=member.org,
        kind=kind,
        title=title,
        content=content,
        member=member,
        team=team,
        online=True,
    )
    stats_suggestion_changed(suggestion, before=None)
    audit_record(
        actor=None,
        action="competitions.studio.suggestion_online",
        obj=suggestion,
        org=member.org,
        changes={"title": title, "kind": kind, "by": member.name},
    )
    refresh(suggestion)
    return suggestion
