"""The role → permissions table, pinned as literal codes.

Written before the permissions moved to a registry (issue 13): whatever assembles `ROLES`, and
whatever creates the groups, each role holds exactly these permissions — no more, no fewer.
"""

import pytest
from django.contrib.auth.models import Group

from gonghui.accounts.grants import EXPLICIT_GRANTS
from gonghui.accounts.permissions import ROLES, Perm

TABLE = {
    "系统管理员": {
        "accounts.change_user",
        "assistance.change_archive",
        "assistance.manage_campaign",
        "assistance.review_archive",
        "assistance.view_archive",
        "audit.view_auditlog",
        "competitions.change_quiz",
        "competitions.view_quiz",
        "honors.add_allowance",
        "honors.change_honoree",
        "honors.view_honoree",
        "competitions.add_entry",
        "competitions.change_competition",
        "competitions.view_competition",
        "competitions.change_studio",
        "competitions.review_studio",
        "competitions.view_studio",
        "competitions.change_academy",
        "competitions.view_academy",
        "competitions.manage_online_course",
        "hotline.change_deadlinerule",
        "hotline.handle_case",
        "hotline.intake_case",
        "hotline.reveal_caller_phone",
        "hotline.supervise_case",
        "hotline.view_case",
        "honors.add_nomination",
        "honors.change_honortype",
        "honors.change_round",
        "honors.review_nomination",
        "honors.view_round",
        "inbox.supervise_openitem",
        "inbox.view_openitem",
        "members.add_member",
        "members.change_member",
        "members.transfer_member",
        "members.view_member",
        "national.change_crosstransfer",
        "notices.change_notice",
        "notices.view_notice",
        "orgs.change_org",
        "orgs.view_org",
        "portal.change_legaldocument",
        "recuperation.change_batch",
        "recuperation.view_batch",
        "sites.change_site",
        "sites.view_site",
        "workcalendar.change_calendarday",
    },
    "工会管理员": {
        "assistance.change_archive",
        "assistance.manage_campaign",
        "assistance.review_archive",
        "assistance.view_archive",
        "competitions.change_quiz",
        "competitions.view_quiz",
        "honors.add_allowance",
        "honors.change_honoree",
        "honors.view_honoree",
        "competitions.add_entry",
        "competitions.change_competition",
        "competitions.view_competition",
        "competitions.change_studio",
        "competitions.review_studio",
        "competitions.view_studio",
        "competitions.change_academy",
        "competitions.view_academy",
        "competitions.manage_online_course",
        "hotline.handle_case",
        "hotline.reveal_caller_phone",
        "hotline.supervise_case",
        "hotline.view_case",
        "honors.add_nomination",
        "honors.change_round",
        "honors.review_nomination",
        "honors.view_round",
        "inbox.supervise_openitem",
        "inbox.view_openitem",
        "members.add_member",
        "members.change_member",
        "members.transfer_member",
        "members.view_member",
        "national.change_crosstransfer",
        "notices.change_notice",
        "notices.view_notice",
        "orgs.change_org",
        "orgs.view_org",
        "recuperation.change_batch",
        "recuperation.view_batch",
        "sites.change_site",
        "sites.view_site",
    },
    "工作人员": {
        "assistance.change_archive",
        "assistance.view_archive",
        "competitions.change_quiz",
        "competitions.view_quiz",
        "honors.change_honoree",
        "honors.view_honoree",
        "competitions.add_entry",
        "competitions.view_competition",
        "competitions.change_studio",
        "competitions.view_studio",
        "competitions.change_academy",
        "competitions.view_academy",
        "competitions.manage_online_course",
        "hotline.handle_case",
        "hotline.reveal_caller_phone",
        "hotline.view_case",
        "honors.add_nomination",
        "honors.view_round",
        "inbox.view_openitem",
        "members.add_member",
        "members.change_member",
        "members.view_member",
        "national.change_crosstransfer",
        "notices.change_notice",
        "notices.view_notice",
        "orgs.view_org",
        "recuperation.change_batch",
        "recuperation.view_batch",
        "sites.view_site",
    },
    "只读/审计": {
        "assistance.view_archive",
        "audit.view_auditlog",
        "competitions.view_quiz",
        "honors.view_honoree",
        "competitions.view_competition",
        "competitions.view_studio",
        "competitions.view_academy",
        "hotline.view_case",
        "honors.view_round",
        "inbox.supervise_openitem",
        "inbox.view_openitem",
        "members.view_member",
        "notices.view_notice",
        "orgs.view_org",
        "recuperation.view_batch",
        "sites.view_site",
    },
    "12351坐席": {
        "hotline.intake_case",
        "hotline.reveal_caller_phone",
        "hotline.view_case",
        "inbox.view_openitem",
        "orgs.view_org",
    },
}


def test_the_roles_are_exactly_the_pinned_table():
    assert list(ROLES) == list(TABLE)  # the order too: pages list the roles in this order
    assert {name: set(perms) for name, perms in ROLES.items()} == TABLE
    for name, perms in ROLES.items():
        assert len(perms) == len(set(perms)), name


@pytest.mark.django_db
def test_the_groups_hold_exactly_the_pinned_table():
    groups = {
        group.name: {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        for group in Group.objects.filter(name__in=TABLE)
    }
    assert groups == TABLE


def test_the_explicit_grants_are_pinned():
    assert set(EXPLICIT_GRANTS) == {
        "members.view_member_pii",
        "hotline.reveal_caller_phone",
        "honors.view_honoree_pii",
    }


# The constants of `Perm` as they were declared in one class before the registry.
NAMES = {
    "CONTEST_VIEW": "competitions.view_competition",
    "CONTEST_MANAGE": "competitions.change_competition",
    "CONTEST_ENTER": "competitions.add_entry",
    "STUDIO_VIEW": "competitions.view_studio",
    "STUDIO_MANAGE": "competitions.change_studio",
    "STUDIO_REVIEW": "competitions.review_studio",
    "TRAINING_VIEW": "competitions.view_academy",
    "TRAINING_MANAGE": "competitions.change_academy",
    "TRAINING_ONLINE_MANAGE": "competitions.manage_online_course",
    "NOTICE_VIEW": "notices.view_notice",
    "NOTICE_MANAGE": "notices.change_notice",
    "QUIZ_VIEW": "competitions.view_quiz",
    "QUIZ_MANAGE": "competitions.change_quiz",
    "INBOX_VIEW": "inbox.view_openitem",
    "INBOX_SUPERVISE": "inbox.supervise_openitem",
    "ORG_VIEW": "orgs.view_org",
    "ORG_MANAGE": "orgs.change_org",
    "MEMBER_VIEW": "members.view_member",
    "MEMBER_ADD": "members.add_member",
    "MEMBER_CHANGE": "members.change_member",
    "MEMBER_TRANSFER": "members.transfer_member",
    "NATIONAL_TRANSFER": "national.change_crosstransfer",
    "MEMBER_PII": "members.view_member_pii",
    "CALLER_PHONE": "hotline.reveal_caller_phone",
    "AUDIT_VIEW": "audit.view_auditlog",
    "STAFF_MANAGE": "accounts.change_user",
    "CALENDAR_MANAGE": "workcalendar.change_calendarday",
    "HOTLINE_AGENT": "hotline.intake_case",
    "HOTLINE_HANDLE": "hotline.handle_case",
    "HOTLINE_SUPERVISE": "hotline.supervise_case",
    "HOTLINE_VIEW": "hotline.view_case",
    "HOTLINE_RULES": "hotline.change_deadlinerule",
    "SITE_VIEW": "sites.view_site",
    "SITE_MANAGE": "sites.change_site",
    "ASSIST_VIEW": "assistance.view_archive",
    "ASSIST_MANAGE": "assistance.change_archive",
    "ASSIST_REVIEW": "assistance.review_archive",
    "CAMPAIGN_MANAGE": "assistance.manage_campaign",
    "LEGAL_MANAGE": "portal.change_legaldocument",
    "HONOREE_VIEW": "honors.view_honoree",
    "HONOREE_MANAGE": "honors.change_honoree",
    "ALLOWANCE_MANAGE": "honors.add_allowance",
    "HONOREE_PII": "honors.view_honoree_pii",
    "RECUPERATION_VIEW": "recuperation.view_batch",
    "RECUPERATION_MANAGE": "recuperation.change_batch",
    "HONOR_VIEW": "honors.view_round",
    "HONOR_NOMINATE": "honors.add_nomination",
    "HONOR_REVIEW": "honors.review_nomination",
    "HONOR_MANAGE": "honors.change_round",
    "HONOR_CATALOGUE": "honors.change_honortype",
}


def test_the_perm_constants_are_pinned():
    assert {name: value for name, value in vars(Perm).items() if name.isupper()} == NAMES
