"""Permissions as named constants, and the roles that bundle them.

Every view and API endpoint declares the permission it needs with one of these constants; a test
walks the URLconf and fails on a non-public view that declares none.
"""


class Perm:
    ORG_VIEW = "orgs.view_org"
    ORG_MANAGE = "orgs.change_org"
    MEMBER_VIEW = "members.view_member"
    MEMBER_ADD = "members.add_member"
    MEMBER_CHANGE = "members.change_member"
    MEMBER_TRANSFER = "members.transfer_member"
    # Explicit grants (accounts.grants): held only as such, never implied by is_superuser.
    MEMBER_PII = "members.view_member_pii"
    CALLER_PHONE = "hotline.reveal_caller_phone"
    AUDIT_VIEW = "audit.view_auditlog"
    STAFF_MANAGE = "accounts.change_user"
    CALENDAR_MANAGE = "workcalendar.change_calendarday"
    HOTLINE_AGENT = "hotline.intake_case"
    HOTLINE_HANDLE = "hotline.handle_case"
    HOTLINE_SUPERVISE = "hotline.supervise_case"
    HOTLINE_VIEW = "hotline.view_case"
    HOTLINE_RULES = "hotline.change_deadlinerule"
    SITE_VIEW = "sites.view_site"
    SITE_MANAGE = "sites.change_site"
    ASSIST_VIEW = "assistance.view_archive"
    ASSIST_MANAGE = "assistance.change_archive"
    ASSIST_REVIEW = "assistance.review_archive"
    CAMPAIGN_MANAGE = "assistance.manage_campaign"
    LEGAL_MANAGE = "portal.change_legaldocument"


ROLE_SYSADMIN = "系统管理员"
ROLE_UNION_ADMIN = "工会管理员"
ROLE_STAFF = "工作人员"
ROLE_AUDITOR = "只读/审计"
ROLE_AGENT = "12351坐席"
# Seeing ID numbers and phones in full is granted on its own, never by a role: to a user, or
# to a purpose group of this conventional name that a 系统管理员 creates (accounts.grants).
GRANT_PII = "查看完整个人信息"

ROLES: dict[str, list[str]] = {
    ROLE_SYSADMIN: [
        Perm.ORG_VIEW,
        Perm.ORG_MANAGE,
        Perm.MEMBER_VIEW,
        Perm.MEMBER_ADD,
        Perm.MEMBER_CHANGE,
        Perm.MEMBER_TRANSFER,
        Perm.AUDIT_VIEW,
        Perm.STAFF_MANAGE,
        Perm.CALENDAR_MANAGE,
        Perm.HOTLINE_AGENT,
        Perm.HOTLINE_HANDLE,
        Perm.HOTLINE_SUPERVISE,
        Perm.HOTLINE_VIEW,
        Perm.HOTLINE_RULES,
        Perm.CALLER_PHONE,
        Perm.SITE_VIEW,
        Perm.SITE_MANAGE,
        Perm.ASSIST_VIEW,
        Perm.ASSIST_MANAGE,
        Perm.ASSIST_REVIEW,
        Perm.CAMPAIGN_MANAGE,
        Perm.LEGAL_MANAGE,
    ],
    ROLE_UNION_ADMIN: [
        Perm.ORG_VIEW,
        Perm.ORG_MANAGE,
        Perm.MEMBER_VIEW,
        Perm.MEMBER_ADD,
        Perm.MEMBER_CHANGE,
        Perm.MEMBER_TRANSFER,
        Perm.HOTLINE_HANDLE,
        Perm.HOTLINE_SUPERVISE,
        Perm.HOTLINE_VIEW,
        Perm.CALLER_PHONE,
        Perm.SITE_VIEW,
        Perm.SITE_MANAGE,
        Perm.ASSIST_VIEW,
        Perm.ASSIST_MANAGE,
        Perm.ASSIST_REVIEW,
        Perm.CAMPAIGN_MANAGE,
    ],
    ROLE_STAFF: [
        Perm.ORG_VIEW,
        Perm.MEMBER_VIEW,
        Perm.MEMBER_ADD,
        Perm.MEMBER_CHANGE,
        Perm.HOTLINE_HANDLE,
        Perm.HOTLINE_VIEW,
        Perm.CALLER_PHONE,
        Perm.SITE_VIEW,
        Perm.ASSIST_VIEW,
        Perm.ASSIST_MANAGE,
    ],
    ROLE_AUDITOR: [
        Perm.ORG_VIEW,
        Perm.MEMBER_VIEW,
        Perm.AUDIT_VIEW,
        Perm.HOTLINE_VIEW,
        Perm.SITE_VIEW,
        Perm.ASSIST_VIEW,
    ],
    # Call-centre agents take calls for the whole province: they see the tree to dispatch, and
    # call callers back (「查看来电号码」, case by case, audited).
    ROLE_AGENT: [Perm.ORG_VIEW, Perm.HOTLINE_AGENT, Perm.HOTLINE_VIEW, Perm.CALLER_PHONE],
}
