from django import forms
from django.forms.models import fields_for_model

from gonghui.core.forms import WorkbenchForm
from gonghui.orgs.models import ORG_EDITABLE_FIELDS, Org

# A plain Form built from the model's fields: a ModelForm would write the cleaned values into
# the org before orgs.services.org_update could compare old and new and audit the change.
OrgForm = type(
    "OrgForm",
    (WorkbenchForm,),
    fields_for_model(
        Org,
        fields=ORG_EDITABLE_FIELDS,
        widgets={"founded_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})},
        help_texts={
            "division_code": "12位统计用区划代码；留空则沿用上级工会的代码。",
            "uscc": "18位统一社会信用代码，基层工会填写。",
        },
    ),
)


class OrgTargetForm(WorkbenchForm):
    """The union picked on the move and merge pages. Only its id: the view resolves it through
    access_org_by_id, so an org outside the user's subtree is refused like any other."""

    target = forms.IntegerField(
        label="目标工会",
        min_value=1,
        # Not rendered: the search results are radio buttons named "target".
        error_messages={
            "required": "请先查找并选择一个工会。",
            "invalid": "所选工会无效，请重新查找并选择。",
            "min_value": "所选工会无效，请重新查找并选择。",
        },
    )
