"""What the contests hang on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`):
the contests it hosts and the entries of its units and members. A merge hands both to the
receiving union (the merge recounts both unions' figures afterwards); a contest still under way
(not yet 已表彰 or 归档) stops the dissolution of its host, which must hand it over first."""

from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.competitions.models import Competition, ContestStatus, Entry
from gonghui.inbox.services import refresh_pks
from gonghui.orgs.handlers import OrgHandler, OrgPanel, register_org_handler
from gonghui.orgs.models import Org

DISSOLVE_HAS_CONTESTS = (
    "该工会（含下级）还主办着 {n} 项未结束的劳动和技能竞赛，请先完成表彰或归档后再撤销。"
)

_FINISHED = (ContestStatus.AWARDED, ContestStatus.ARCHIVED)


def _under_way(org: Org) -> int:
    return (
        Competition.objects.filter(host__path__startswith=org.path)
        .exclude(status__in=_FINISHED)
        .count()
    )


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    now = timezone.now()
    contests = list(Competition.objects.filter(host=source).values_list("pk", flat=True))
    Competition.objects.filter(pk__in=contests).update(host=target, updated_at=now)
    entries = list(Entry.objects.filter(org=source).values_list("pk", flat=True))
    Entry.objects.filter(pk__in=entries).update(org=target, updated_at=now)
    # Their 待办 now belong to the receiving union.
    refresh_pks("competitions.Competition", contests)
    refresh_pks("competitions.Entry", entries)
    moved = {}
    if contests:
        moved["contests_moved"] = len(contests)
    if entries:
        moved["entries_moved"] = len(entries)
    return moved


def _panel(user, org: Org) -> OrgPanel:
    if not user.has_perm(Perm.CONTEST_VIEW):
        return OrgPanel()
    hosted = Competition.objects.filter(
        Q(host__path__startswith=org.path), ~Q(status=ContestStatus.DRAFT)
    ).count()
    return OrgPanel(facts=[("主办劳动和技能竞赛（含下级）", hosted)])


register_org_handler(
    OrgHandler(
        app="competitions",
        blocking=_under_way,
        blocking_message=DISSOLVE_HAS_CONTESTS,
        move_for_merge=_move_for_merge,
        panel=_panel,
    )
)

# The studios and 五小 register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import org_handlers as _studios  # noqa: E402, F401
from gonghui.competitions.training import org_handlers as _training  # noqa: E402, F401

# The online courses of 工匠学院 register their own (gonghui/competitions/training/online).
from gonghui.competitions.training.online import org_handlers as _online  # noqa: E402, F401
