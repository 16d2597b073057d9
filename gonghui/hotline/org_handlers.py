"""What the hotline hangs on an org (port "org merge/dissolve handlers",
`gonghui.orgs.handlers`): the 12351 cases it holds. An open case stops a dissolution (a closed
union would hold a case nobody answers for); a merge leaves cases where they are, since moving
one is a 转派 with its own event, sent upward, which the holding union or an agent decides."""

from gonghui.accounts.permissions import Perm
from gonghui.hotline.codes import OPEN_STATUSES
from gonghui.hotline.models import Case
from gonghui.orgs.handlers import OrgHandler, OrgPanel, register_org_handler
from gonghui.orgs.models import Org

DISSOLVE_HAS_OPEN_CASES = (
    "该工会（含下级）还有 {n} 件未办结的12351工单，请先办结、退单或转派后再撤销。"
)


def _open_cases(org: Org) -> int:
    return Case.objects.filter(holder__path__startswith=org.path, status__in=OPEN_STATUSES).count()


def _panel(user, org: Org) -> OrgPanel:
    if not user.has_perm(Perm.HOTLINE_VIEW):
        return OrgPanel()
    return OrgPanel(facts=[("在办12351工单（含下级）", _open_cases(org))])


register_org_handler(
    OrgHandler(
        app="hotline",
        blocking=_open_cases,
        blocking_message=DISSOLVE_HAS_OPEN_CASES,
        panel=_panel,
    )
)
