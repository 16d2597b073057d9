"""Form fields that pick one object with a search box instead of a <select>.

The widget renders a search input (htmx asks the picker's endpoint for a page of matches as the
user types; `static/core/picker.js` moves through them with the arrow keys and picks with Enter
or a click) and a hidden input holding the picked id. Without JavaScript the typed text is
submitted: one match is taken, several come back as radio choices under the box.

The field stays a ModelChoiceField: its queryset, the registered purpose's, is what validation
accepts, exactly as before.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.orgs.models import Org
from gonghui.orgs.pickers.registry import PickerRegistry, org_pickers
from gonghui.orgs.pickers.search import PickerPage, clean_query, org_search_page, with_path_names

PICK_NOTHING_FOUND = "没有找到与「{q}」相符的可选项，请换个关键词重新查找。"
PICK_MANY_FOUND = "与「{q}」相符的不止一个，请在下面选择一个，或输入更完整的名称。"


class SearchText(str):
    """What was typed in a picker's box when nothing was picked (no JavaScript, or edited)."""


class PickerWidget(forms.Widget):
    """A search box, a hidden id and a listbox. `url_name` is the search endpoint; `token` (set by
    the field's `for_user`) tells it the purpose."""

    template_name = "orgs/pickers/widget.html"
    placeholder = ""

    def __init__(self, *, url_name: str, placeholder: str, options_template: str, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.options_template = options_template
        self.placeholder = placeholder
        self.token = ""
        self.field: PickerField | None = None
        self.candidates: PickerPage | None = None

    def value_from_datadict(self, data, files, name):
        picked = (
            [value for value in data.getlist(name) if value] if hasattr(data, "getlist") else []
        )
        if not picked and data.get(name):
            picked = [data[name]]
        if picked:
            return picked[-1]
        text = clean_query(data.get(f"{name}_q"))
        return SearchText(text) if text else None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_q" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        typed = value if isinstance(value, SearchText) else ""
        chosen = None
        if value not in (None, "") and not typed and self.field is not None:
            chosen = self.field.chosen_by_pk(value)
        widget.update(
            {
                "url": reverse(self.url_name),
                "token": self.token,
                "placeholder": self.placeholder,
                "options_template": self.options_template,
                "text": self.field.chosen_label(chosen) if chosen else typed,
                "chosen_path": self.field.chosen_path(chosen) if chosen else "",
                "picked": chosen.pk if chosen else "",
                "candidates": self.candidates,
                "list_id": f"{widget['attrs'].get('id', name)}-list",
            }
        )
        return context


class PickerField(forms.ModelChoiceField):
    """A ModelChoiceField whose widget is a search box. Subclasses set `registry`, the widget's
    endpoint, and how typed text is searched (`search`) and a picked object shown (`chosen`)."""

    registry: PickerRegistry
    url_name = ""
    placeholder = ""
    options_template = ""

    def __init__(self, *, purpose: str, **kwargs):
        # The purpose's queryset for the acting user comes with `for_user`, called by the form.
        kwargs.setdefault("queryset", None)
        kwargs["widget"] = PickerWidget(
            url_name=self.url_name,
            placeholder=self.placeholder,
            options_template=self.options_template,
        )
        super().__init__(**kwargs)
        self.purpose = purpose

    def for_user(self, user, **params) -> "PickerField":
        """Offer what the purpose gives `user` (with the form's `params`, plain values)."""
        self.queryset = self.registry.queryset(self.purpose, user, params)
        self.widget.token = self.registry.token(self.purpose, user, params)
        self.widget.field = self
        return self

    def search(self, q: str) -> PickerPage:
        raise NotImplementedError

    def chosen(self, obj):
        return obj

    def chosen_label(self, obj) -> str:
        """The box's text once `obj` is picked: the options' `data-label`."""
        return obj.name

    def chosen_path(self, obj) -> str:
        """The line under the box once `obj` is picked: the options' `data-path`."""
        return obj.path_text

    def chosen_by_pk(self, pk):
        """The object with this id if the field may offer it, ready to show; else None."""
        if self.queryset is None:
            return None
        try:
            obj = self.queryset.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            return None
        return self.chosen(obj) if obj is not None else None

    def to_python(self, value):
        if isinstance(value, SearchText):
            found = self.search(value)
            if len(found.results) == 1 and not found.has_next:
                return found.results[0]
            if not found.results:
                raise ValidationError(PICK_NOTHING_FOUND.format(q=value), code="not_found")
            self.widget.candidates = found
            raise ValidationError(PICK_MANY_FOUND.format(q=value), code="many_found")
        return super().to_python(value)


class OrgPickerField(PickerField):
    """Picks a union of the purpose's queryset by part of its name, its social credit code or
    its division code; results show the union's path from the province down."""

    registry = org_pickers
    url_name = "orgs:pick"
    placeholder = "输入工会名称、社会信用代码或行政区划代码查找"
    options_template = "orgs/pickers/_org_options.html"

    def search(self, q: str) -> PickerPage:
        return org_search_page(self.queryset, q=q)

    def chosen(self, obj: Org) -> Org:
        return with_path_names([obj])[0]
