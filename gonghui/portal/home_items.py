"""What the portal home shows a worker below the 8 icons, each part a bounded read:

- 我的事项: his latest join applications, 转会/退会 requests, 困难帮扶 applications and 12351
  cases, with their state (the pages of each list them all);
- 通知公告: the notices of his union and its ancestors (`notices.selectors.notices_for_union`);
- 附近的驿站: the three nearest sites (`sites.selectors.nearest_sites`), measured from the
  browser's position when the page asks for it (`home_nearby`), otherwise from the centre of his
  county (the mean position of its sites).

"His union" is the union of his membership; before he is a member, the union of his latest
pending or approved join application (so an applicant already hears from the county he applied
in); nothing else (a visitor sees the notices to the whole province).
"""

from dataclasses import dataclass, field

from gonghui.assistance.selectors.archives import archives_of_member
from gonghui.core import crypto
from gonghui.hotline.selectors import cases_of_caller
from gonghui.members.models import Member
from gonghui.notices.models import Notice
from gonghui.notices.selectors import ancestor_paths, notices_for_union
from gonghui.orgs.models import Org
from gonghui.portal.models import JoinApplication, MemberRequest, RequestStatus, Worker
from gonghui.sites.public_cache import county_centre_above
from gonghui.sites.selectors import NearbySite, nearest_sites

ITEMS = 3
NOTICES = 5
NEARBY = 3


@dataclass
class HomeItems:
    union: Org | None = None
    member: Member | None = None
    applications: list[JoinApplication] = field(default_factory=list)
    requests: list[MemberRequest] = field(default_factory=list)
    archives: list = field(default_factory=list)
    cases: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.applications or self.requests or self.archives or self.cases)


def worker_home_items(worker: Worker) -> HomeItems:
    """The worker's own items (ITEMS of each, newest first) and his union."""
    items = HomeItems()
    member = worker.member
    if member is not None and member.is_holding:
        items.member = member
        items.union = Org.objects.filter(pk=member.org_id).first()
        items.archives = list(archives_of_member(member)[:ITEMS])
    items.applications = list(
        worker.join_applications.select_related("org").order_by("-submitted_at", "-id")[:ITEMS]
    )
    if items.union is None:
        items.union = next(
            (
                a.org
                for a in items.applications
                if a.status in (RequestStatus.PENDING, RequestStatus.APPROVED)
            ),
            None,
        )
    items.requests = list(
        worker.member_requests.select_related("to_org").order_by("-submitted_at", "-id")[:ITEMS]
    )
    items.cases = list(cases_of_caller(phone=crypto.decrypt(worker.phone_enc))[:ITEMS])
    return items


def home_notices(union: Org | None) -> list[Notice]:
    return list(
        notices_for_union(union).only(
            "id", "title", "publish_from", "publisher__name", "publisher__short_name"
        )[:NOTICES]
    )


@dataclass
class CountyCentre:
    """The county union above (or being) a worker's union and the mean position of its sites."""

    name: str
    lat: float
    lng: float


def county_centre(union: Org | None) -> CountyCentre | None:
    """The sites whose county is one of the union's ancestors (a site's county is a county
    union), averaged, from the shared cache (`sites.public_cache`). None without a union, a
    county above it, or sites there."""
    if union is None:
        return None
    found = county_centre_above(ancestor_paths(union.path))
    return CountyCentre(*found) if found else None


def nearby_from(lat: float, lng: float) -> list[NearbySite]:
    return nearest_sites(lat, lng, limit=NEARBY)


def nearby_from_county(centre: CountyCentre | None) -> list[NearbySite]:
    return nearby_from(centre.lat, centre.lng) if centre else []


def worker_union(worker: Worker | None) -> Org | None:
    """His union, as `worker_home_items` finds it, for the pages that need nothing else."""
    if worker is None:
        return None
    member = worker.member
    if member is not None and member.is_holding:
        return Org.objects.filter(pk=member.org_id).first()
    application = (
        worker.join_applications.filter(status__in=(RequestStatus.PENDING, RequestStatus.APPROVED))
        .select_related("org")
        .order_by("-submitted_at", "-id")
        .first()
    )
    return application.org if application else None
