from django import forms
from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.core.forms import WorkbenchForm
from gonghui.notices.models import NoticeStatus
from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.orgs.pickers import OrgPickerField

# A notice goes to a whole level's subtree: the choices stop at townships (a base union's own
# notices are for its workplace notice board, not the portal), two levels below the publisher.
TARGET_TYPES = (OrgType.PROVINCE, OrgType.CITY, OrgType.COUNTY, OrgType.TOWNSHIP)
TARGET_DEPTH = 2
_DATETIME = {"type": "datetime-local"}


class NoticeForm(WorkbenchForm):
    """Parses the notice form; `notices.services` checks the values."""

    title = forms.CharField(label="标题", max_length=80)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))
    target = OrgPickerField(
        label="发布范围",
        purpose="notice_target",
        help_text="该工会及其全部下级工会的职工可见；可选发布工会本身或其下两级的区域工会。",
        error_messages={
            "required": "请选择发布范围。",
            "invalid_choice": "所选工会不能作为发布范围，请重新查找并选择。",
        },
    )
    publish_from = forms.DateTimeField(
        label="发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M"),
        help_text="留空为立即发布。",
    )
    publish_until = forms.DateTimeField(
        label="截止时间",
        required=False,
        widget=forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M"),
        help_text="留空为长期有效。",
    )
    status = forms.ChoiceField(
        label="状态",
        choices=[(NoticeStatus.PUBLISHED, "发布"), (NoticeStatus.DRAFT, "存为草稿")],
        initial=NoticeStatus.PUBLISHED,
    )

    def __init__(self, *args, user: User, publisher: Org | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].for_user(user, publisher=publisher.pk if publisher else 0)
        if publisher is not None:
            self.fields["target"].initial = publisher.pk


def notice_targets(publisher: Org) -> QuerySet[Org]:
    """Where a notice of `publisher` may go: the publisher itself, or an active regional union
    down to the township, at most two levels below it."""
    below = Org.objects.filter(
        path__startswith=publisher.path,
        depth__lte=publisher.depth + TARGET_DEPTH,
        status=OrgStatus.ACTIVE,
        org_type__in=TARGET_TYPES,
    )
    return (below | Org.objects.filter(pk=publisher.pk)).order_by("path")


class NoticeFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *NoticeStatus.choices]
    )
