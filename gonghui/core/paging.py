"""One page of a list for the API: a page past the last is a 404 with a Chinese message (an
unbounded page number would otherwise reach the database as an OFFSET it cannot hold)."""

from django.core.paginator import EmptyPage, Page, Paginator

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
