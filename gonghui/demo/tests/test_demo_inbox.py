"""After seed_demo (whose rows bypass the services), the 待办 table agrees with every kind and
the demo's hardship archives give someone work to do."""

from io import StringIO

import pytest
from django.core.management import call_command

from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items


@pytest.mark.django_db
def test_seed_demo_leaves_a_checked_inbox_with_assistance_work():
    call_command("seed_demo", members=300, seed=3, stdout=StringIO())
    assert check_items() == []
    assert OpenItem.objects.filter(kind__startswith="assistance.").exists()
    out = StringIO()
    call_command("inbox_check", stdout=out)
    assert "一致" in out.getvalue()
