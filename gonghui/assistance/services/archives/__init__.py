"""Every write to 困难职工档案: application, 初审 with home visit, 终审, 公示 and objections,
annual review, exit (解困脱困) and re-entry. Each use case is one transaction with its audit row
and its roll-up update (`stats_archive_changed`).

Who may do what (besides the view's permission):
- apply: staff whose subtree holds the applicant's union; or the worker himself on the portal
  (a certified worker linked to a member);
- 初审: a township (乡镇/街道) or county union at or above the archive's union;
- 终审, objections, closing the 公示: the archive's county union or a union above it;
- annual review and exit: any of the above reviewers.

公示 dates: the notice starts on the first working day after the 终审 (a decision taken on a
Friday afternoon is posted on Monday) and ends on the 5th working day counted from that start
(start included). It may be closed from the day after `notice_end`.

One module per use case: `apply` (application by the union or the worker, re-entry),
`household` (checking the application's fields and household), `review` (初审 with the home
visit, 终审), `publicity` (公示 objections, closing the notice), `annual` (年审, 解困),
`poverty` (低保 lines), `unmask`; `common` holds the messages, the income rule and the steps
shared by the workflow. Callers import from this package.
"""

from gonghui.assistance.services.archives.annual import (
    archive_annual_review,
    archive_exit,
)
from gonghui.assistance.services.archives.apply import (
    archive_apply,
    archive_apply_by_worker,
    archive_reapply,
)
from gonghui.assistance.services.archives.common import (
    ALREADY_OPEN,
    ANNUAL_FAILED_REASON,
    ANNUAL_TWICE,
    ANNUAL_YEAR,
    CAUSES_REQUIRED,
    CENT,
    CHOICE_INVALID,
    EXIT_DATE,
    EXIT_EVIDENCE,
    EXIT_REASON,
    FINAL_REVIEW_FORBIDDEN,
    FIRST_REVIEW_FORBIDDEN,
    HOUSEHOLD_DUPLICATE,
    HOUSEHOLD_ID,
    HOUSEHOLD_NAME,
    HOUSEHOLD_RELATION,
    HOUSEHOLD_TOO_MANY,
    LEVEL_INVALID,
    MAX_HOUSEHOLD,
    NO_COUNTY,
    NOT_MEMBER,
    NOTICE_DAYS,
    NOTICE_NOT_OVER,
    OBJECTION_CONTENT,
    OBJECTION_DATE,
    OBJECTION_RESOLVED,
    OBJECTIONS_OPEN,
    OPINION_REQUIRED,
    OUT_OF_SCOPE,
    PHOTO_MAX_COUNT,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY,
    POVERTY_AMOUNT,
    POVERTY_COUNTY,
    POVERTY_SCOPE,
    POVERTY_YEAR,
    REAPPLY_HAS_NEXT,
    REAPPLY_NOT_EXITED,
    RESOLUTION_REQUIRED,
    REVIEWER_FORBIDDEN,
    SENSITIVE_CONSENT_REQUIRED,
    VISIT_BEFORE_APPLY,
    VISIT_FUTURE,
    VISIT_REQUIRED,
    WORKER_NOT_MEMBER,
    WRONG_STATE,
    archive_income,
    is_final_reviewer,
    is_first_reviewer,
    is_reviewer,
)
from gonghui.assistance.services.archives.household import (
    CHOICE_FIELDS,
    FLAG_FIELDS,
    FREE_FIELDS,
    OTHER_FIELDS,
    Person,
    _clean_fields,
    _clean_household,
)
from gonghui.assistance.services.archives.poverty import (
    poverty_line_for,
    poverty_line_set,
)
from gonghui.assistance.services.archives.publicity import (
    archive_complete_notice,
    objection_record,
    objection_resolve,
)
from gonghui.assistance.services.archives.review import (
    archive_final_review,
    archive_first_review,
    notice_period,
)
from gonghui.assistance.services.archives.unmask import (
    archive_unmask,
)

__all__ = [
    "ALREADY_OPEN",
    "ANNUAL_FAILED_REASON",
    "ANNUAL_TWICE",
    "ANNUAL_YEAR",
    "CAUSES_REQUIRED",
    "CENT",
    "CHOICE_FIELDS",
    "CHOICE_INVALID",
    "EXIT_DATE",
    "EXIT_EVIDENCE",
    "EXIT_REASON",
    "FINAL_REVIEW_FORBIDDEN",
    "FIRST_REVIEW_FORBIDDEN",
    "FLAG_FIELDS",
    "FREE_FIELDS",
    "HOUSEHOLD_DUPLICATE",
    "HOUSEHOLD_ID",
    "HOUSEHOLD_NAME",
    "HOUSEHOLD_RELATION",
    "HOUSEHOLD_TOO_MANY",
    "LEVEL_INVALID",
    "MAX_HOUSEHOLD",
    "NOTICE_DAYS",
    "NOTICE_NOT_OVER",
    "NOT_MEMBER",
    "NO_COUNTY",
    "OBJECTIONS_OPEN",
    "OBJECTION_CONTENT",
    "OBJECTION_DATE",
    "OBJECTION_RESOLVED",
    "OPINION_REQUIRED",
    "OTHER_FIELDS",
    "OUT_OF_SCOPE",
    "PHOTO_MAX_COUNT",
    "PHOTO_TOO_LARGE",
    "PHOTO_TOO_MANY",
    "POVERTY_AMOUNT",
    "POVERTY_COUNTY",
    "POVERTY_SCOPE",
    "POVERTY_YEAR",
    "Person",
    "REAPPLY_HAS_NEXT",
    "REAPPLY_NOT_EXITED",
    "RESOLUTION_REQUIRED",
    "REVIEWER_FORBIDDEN",
    "SENSITIVE_CONSENT_REQUIRED",
    "VISIT_BEFORE_APPLY",
    "VISIT_FUTURE",
    "VISIT_REQUIRED",
    "WORKER_NOT_MEMBER",
    "WRONG_STATE",
    "_clean_fields",
    "_clean_household",
    "archive_annual_review",
    "archive_apply",
    "archive_apply_by_worker",
    "archive_complete_notice",
    "archive_exit",
    "archive_final_review",
    "archive_first_review",
    "archive_income",
    "archive_reapply",
    "archive_unmask",
    "is_final_reviewer",
    "is_first_reviewer",
    "is_reviewer",
    "notice_period",
    "objection_record",
    "objection_resolve",
    "poverty_line_for",
    "poverty_line_set",
]
