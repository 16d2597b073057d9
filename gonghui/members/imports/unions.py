"""The union column of a member import: names (or USCCs) → orgs in the actor's subtree."""

import difflib
from collections import defaultdict

from django.db.models import Q

from gonghui.members.imports.template import ORG_COLUMN, CellError
from gonghui.members.services import ORG_INACTIVE, ORG_NOT_HOLDING
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, Org, OrgStatus
from gonghui.orgs.selectors import orgs_in_scope

ORG_UNKNOWN = "「{value}」不在您管理的工会范围内，或名称不正确。"
ORG_SUGGEST = "您要找的是不是：{names}？"
ORG_AMBIGUOUS = "「{value}」有{n}个同名工会，请改填其社会信用代码。"


class UnionResolver:
    """Union names (or USCCs) of the file → orgs in the actor's subtree, looked up per chunk."""

    def __init__(self, actor):
        self.actor = actor
        self.cache: dict[str, Org | str] = {}
        self._names: list[str] | None = None
        self.checked: set[str] = set()

    def load(self, names: set[str]) -> None:
        missing = {n for n in names if n and n not in self.cache}
        if not missing:
            return
        found: dict[str, list[Org]] = defaultdict(list)
        for org in orgs_in_scope(self.actor).filter(
            Q(name__in=missing) | Q(uscc__in=missing), status=OrgStatus.ACTIVE
        ):
            found[org.uscc if org.uscc in missing else org.name].append(org)
        for name in missing:
            orgs = found.get(name, [])
            if len(orgs) == 1:
                self.cache[name] = orgs[0]
            elif orgs:
                self.cache[name] = ORG_AMBIGUOUS.format(value=name, n=len(orgs))
            else:
                self.cache[name] = self._unknown(name)

    def _unknown(self, name: str) -> str:
        if self._names is None:
            self._names = list(
                orgs_in_scope(self.actor)
                .filter(status=OrgStatus.ACTIVE, org_type__in=MEMBER_HOLDING_TYPES)
                .values_list("name", flat=True)
            )
        close = difflib.get_close_matches(name, self._names, n=3, cutoff=0.5)
        message = ORG_UNKNOWN.format(value=name)
        return message + ORG_SUGGEST.format(names="、".join(close)) if close else message

    def get(self, name: str) -> Org:
        org = self.cache[name]
        if isinstance(org, str):
            raise CellError(org, column=ORG_COLUMN, value=name)
        if name not in self.checked:  # once per name, not per row
            if not org.is_active:
                self.cache[name] = ORG_INACTIVE.format(name=org.name)
            elif not org.holds_members:
                self.cache[name] = ORG_NOT_HOLDING.format(name=org.name)
            self.checked.add(name)
            return self.get(name)
        return org
