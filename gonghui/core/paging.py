"""One page of a list for the API: a page past the last is a 404 with a Chinese message (an
unbounded page number would otherwise reach the database as an OFFSET it cannot hold). And the
workbench's paginator of long lists, whose count is kept a minute (`CachedCountPaginator`)."""

import hashlib

from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property

from gonghui.core.errors import NotFound

PAGE_OUT_OF_RANGE = "第 {page} 页不存在：共 {pages} 页，请从第 1 页开始查看。"


def page_of(items, *, page: int, size: int) -> Page:
    paginator = Paginator(items, size)
    try:
        return paginator.page(page)
    except EmptyPage:
        raise NotFound(
            PAGE_OUT_OF_RANGE.format(page=page, pages=paginator.num_pages), code="page_out_of_range"
        ) from None


# A list this long counts once a minute, not on every page load (issue 17): counting 40,000
# members of a county costs more than the rest of the page; counting 20 rows costs nothing, so a
# short list stays exact and current.
CACHED_COUNT_FROM = 10_000
CACHED_COUNT_SECONDS = 60


class CachedCountPaginator(Paginator):
    """A workbench list's paginator whose count of a long list is kept in the shared cache
    for a minute, keyed by the count query's SQL (so by the user's scope and filters).
    `count_cached` says the page shows such a count (the template says so)."""

    count_cached = False

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        key = "paging:count:" + hashlib.sha256(str(query).encode()).hexdigest()
        count = cache.get(key)
        if count is None:
            count = super().count
            if count < CACHED_COUNT_FROM:
                return count
            cache.set(key, count, CACHED_COUNT_SECONDS)
        self.count_cached = True
        return count
