"""Entry pages: the team picker (the host's and the user's subtree only), a unit's optional
trade, the unit and team import pages and their templates, the contest page's buttons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.competitions.contests.forms import TeamEntryForm, UnitEntryForm
from gonghui.competitions.contests.group_imports import TEAM_HEADERS, UNIT_HEADERS
from gonghui.competitions.contests.services.entries import TRADE_NOT_RUN
from gonghui.competitions.models import Entry, EntryKind
from gonghui.competitions.tests.test_imports import xlsx
from gonghui.conftest import login
from gonghui.imports.models import ImportJob
from gonghui.members.teams.services import team_create
from gonghui.orgs.pickers import SearchText

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(tree, staff):
    return {
        "a": team_create(actor=staff.sysadmin, org=tree.base_a, name="焊接一班"),
        "b": team_create(actor=staff.sysadmin, org=tree.base_b, name="焊接二班"),
        "c": team_create(actor=staff.sysadmin, org=tree.base_c, name="焊接三班"),
    }


def test_the_team_picker_offers_the_hosts_and_the_users_teams_only(
    make_contest, staff, tree, teams
):
    # A 城关 contest, entered by 兰州's admin: 七里河's team is his but outside the host.
    contest = make_contest(actor=staff.county_admin, host=tree.chengguan)
    form = TeamEntryForm(user=staff.city_admin, contest=contest)
    found = login(staff.city_admin).get(
        "/members/teams/pick/", {"t": form.fields["team"].widget.token, "q": "焊接"}
    )
    text = found.content.decode()
    assert "焊接一班" in text and "焊接二班" in text and "焊接三班" not in text
    # 兰州甲公司's own admin: his team only.
    form = TeamEntryForm(user=staff.base_admin, contest=contest)
    assert list(form.fields["team"].queryset) == [teams["a"]]
    assert form.fields["team"].clean(SearchText("焊接一班")) == teams["a"]


def test_enter_a_team_with_the_picker_on_the_page(make_contest, staff, tree, teams):
    contest = make_contest()
    client = login(staff.county_admin)
    url = reverse("competitions:enter", args=[contest.pk, "team"])
    page = client.get(url).content.decode()
    assert 'type="search"' in page and "焊接一班" not in page  # a search box, not a list
    refused = client.post(url, {"team": teams["c"].pk, "trade": "焊工"})
    assert refused.status_code == 400
    assert client.post(url, {"team": teams["a"].pk, "trade": "焊工"}).status_code == 302
    entry = Entry.objects.get(competition=contest)
    assert (entry.kind, entry.team_id, entry.trade) == (EntryKind.TEAM, teams["a"].pk, "焊工")


def test_a_unit_enters_with_or_without_a_trade(make_contest, staff, tree):
    contest = make_contest(name="焊电赛")
    form = UnitEntryForm(user=staff.county_admin, contest=contest)
    assert [c for c, _ in form.fields["trade"].choices] == ["", "焊工", "电工"]
    assert "trade" not in UnitEntryForm(user=staff.county_admin, contest=make_contest(trades=[]))
    client = login(staff.county_admin)
    url = reverse("competitions:enter", args=[contest.pk, "unit"])
    assert client.post(url, {"unit": tree.base_a.pk}).status_code == 302
    assert client.post(url, {"unit": tree.base_b.pk, "trade": "电工"}).status_code == 302
    trades = Entry.objects.filter(competition=contest).order_by("id").values_list("trade")
    assert [t for (t,) in trades] == ["", "电工"]
    from gonghui.competitions.contests.services import entry_add_unit
    from gonghui.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.donggang, trade="厨师")
    assert refused.value.message == TRADE_NOT_RUN.format(
        name="焊电赛", trade="厨师", trades="焊工、电工"
    )


def test_the_contest_page_offers_the_imports(make_contest, staff):
    contest = make_contest()
    page = login(staff.county_admin).get(reverse("competitions:detail", args=[contest.pk]))
    text = page.content.decode()
    for name in ("import_entries", "import_teams", "import_units"):
        assert reverse(f"competitions:{name}", args=[contest.pk]) in text
    assert "Excel 导入班组" in text and "Excel 导入单位" in text


@pytest.mark.parametrize(("name", "headers"), [("units", UNIT_HEADERS), ("teams", TEAM_HEADERS)])
def test_the_templates_download(staff, name, headers):
    response = login(staff.county_admin).get(reverse(f"competitions:{name}_template"))
    assert response.status_code == 200
    sheet = load_workbook(SimpleUploadedFile("t.xlsx", b"".join(response.streaming_content)))
    assert [c.value for c in sheet.active[1]] == headers


def test_units_and_teams_imported_on_the_page_as_jobs(
    make_contest, staff, tree, teams, django_capture_on_commit_callbacks
):
    contest = make_contest()
    client = login(staff.county_admin)
    uploads = {
        "import_units": xlsx(
            UNIT_HEADERS, ["兰州甲公司工会", "", "焊工"], ["兰州乙公司工会", "", ""]
        ),
        "import_teams": xlsx(TEAM_HEADERS, ["兰州甲公司工会", "焊接一班", "电工"]),
    }
    for name, upload in uploads.items():
        url = reverse(f"competitions:{name}", args=[contest.pk])
        assert "下载模板" in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": upload})
        assert response.status_code == 302, response.content.decode()[:500]
        job = ImportJob.objects.latest("pk")
        assert (job.failed, job.status) == (0, "done"), job.errors
    kinds = Entry.objects.filter(competition=contest).order_by("id").values_list("kind", "org_id")
    assert list(kinds) == [
        (EntryKind.UNIT, tree.base_a.pk),
        (EntryKind.UNIT, tree.base_b.pk),
        (EntryKind.TEAM, tree.base_a.pk),
    ]


def test_a_sibling_cannot_import_into_an_unseen_contest(make_contest, staff, tree):
    contest = make_contest(actor=staff.county_admin, host=tree.chengguan)
    client = login(staff.sibling_admin)
    for name in ("import_units", "import_teams"):
        response = client.get(reverse(f"competitions:{name}", args=[contest.pk]))
        assert response.status_code == 404
