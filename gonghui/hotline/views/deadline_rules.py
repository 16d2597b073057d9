"""办理时限规则: the system administrator keeps the deadline rules."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import NOT_SUBMITTED, attempt, submit
from gonghui.hotline import services
from gonghui.hotline.codes import Category, Complexity
from gonghui.hotline.forms import DeadlineRuleForm
from gonghui.hotline.models import DeadlineRule

RULE_SET_DONE = "已保存「{saved}」：{summary}。此后受理的工单按此计算。"
RULE_DELETE_DONE = "已删除「{rule}」，该分类改按默认规则计算。"


def _rule_order(rule) -> tuple[int, int]:
    """By complexity (一般, 较难, 复杂), each default first, then the categories in list order."""
    categories = ["", *Category.values]
    return Complexity.values.index(rule.complexity), categories.index(rule.category)


@permission_required(Perm.HOTLINE_RULES)
def rules(request):
    """办理时限规则: the three defaults and the federation's per-category rules."""
    return render(
        request,
        "hotline/rules.html",
        {"rules": sorted(DeadlineRule.objects.all(), key=_rule_order)},
    )


@permission_required(Perm.HOTLINE_RULES)
@require_http_methods(["GET", "POST"])
def rule_set(request, pk=None):
    """Add a rule (saving one that exists for the same complexity and category changes it), or
    change the parameters of rule `pk`."""
    rule = get_object_or_404(DeadlineRule, pk=pk) if pk is not None else None
    form = DeadlineRuleForm(request.POST or None, rule=rule)
    if request.method == "POST":
        saved, _ = submit(form, services.deadline_rule_set, actor=request.user)
        if saved is not NOT_SUBMITTED:
            messages.success(request, RULE_SET_DONE.format(saved=saved, summary=saved.summary))
            return redirect("hotline_rules:list")
    return render(request, "hotline/rule_form.html", {"form": form, "rule": rule})


@permission_required(Perm.HOTLINE_RULES)
@require_http_methods(["GET", "POST"])
def rule_delete(request, pk):
    """GET asks for confirmation; POST deletes. The defaults cannot be deleted."""
    rule = get_object_or_404(DeadlineRule, pk=pk)
    if request.method == "POST":
        deleted = attempt(
            request, lambda: services.deadline_rule_delete(actor=request.user, rule=rule)
        )
        if deleted is not NOT_SUBMITTED:
            messages.success(request, RULE_DELETE_DONE.format(rule=rule))
        return redirect("hotline_rules:list")
    default = None
    if rule.category:
        default = DeadlineRule.objects.filter(complexity=rule.complexity, category="").first()
    return render(request, "hotline/rule_delete.html", {"rule": rule, "default": default})
