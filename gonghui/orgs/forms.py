from django import forms
from django.forms.models import fields_for_model

from gonghui.accounts.models import User
from gonghui.core.forms import WorkbenchForm
from gonghui.orgs.models import ORG_EDITABLE_FIELDS, Org
from gonghui.orgs.pickers import OrgPickerField

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
    """The union picked on the move and merge pages, among what the subclass's purpose offers
    for the org being moved or merged (`org_pickers.py`)."""

    purpose = ""
    label = ""
    refused = ""

    def __init__(self, *args, user: User, org: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = OrgPickerField(
            label=self.label,
            purpose=self.purpose,
            error_messages={
                "required": "请先查找并选择一个工会。",
                "invalid_choice": self.refused,
            },
        ).for_user(user, org=org.pk)


class OrgMoveForm(OrgTargetForm):
    purpose = "org_move_parent"
    label = "新的上级工会"
    refused = "所选工会不能作为新的上级工会，请重新查找并选择。"


class OrgMergeForm(OrgTargetForm):
    purpose = "org_merge_target"
    label = "并入的工会"
    refused = "不能并入所选工会，请重新查找并选择。"
