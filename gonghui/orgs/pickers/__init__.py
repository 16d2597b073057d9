"""Search-box pickers for org (and, through the same machinery, member) choices: the purpose
registry (`registry`), the paged search with paths (`search`) and the form field (`fields`)."""

from gonghui.orgs.pickers.fields import OrgPickerField, PickerField, PickerWidget, SearchText
from gonghui.orgs.pickers.registry import (
    PickerRegistry,
    Purpose,
    org_pickers,
    register_org_picker,
)
from gonghui.orgs.pickers.search import (
    PickerPage,
    clean_query,
    org_search_page,
    page_number,
    search_page,
    with_path_names,
)

__all__ = [
    "OrgPickerField",
    "PickerField",
    "PickerPage",
    "PickerRegistry",
    "PickerWidget",
    "Purpose",
    "SearchText",
    "clean_query",
    "org_pickers",
    "org_search_page",
    "page_number",
    "register_org_picker",
    "search_page",
    "with_path_names",
]
