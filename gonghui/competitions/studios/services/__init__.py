"""Every write to innovation studios (创新工作室), one function per use case, each audited."""

from gonghui.competitions.studios.services.flow import (
    studio_approve,
    studio_batch_create,
    studio_create,
    studio_reject,
    studio_return,
    studio_submit,
    studio_update,
)
from gonghui.competitions.studios.services.results import (
    studio_report_file,
    studio_review_decide,
    studio_review_open,
)

__all__ = [
    "studio_approve",
    "studio_batch_create",
    "studio_create",
    "studio_reject",
    "studio_report_file",
    "studio_return",
    "studio_review_decide",
    "studio_review_open",
    "studio_submit",
    "studio_update",
]
from gonghui.competitions.studios.services.suggestions import (  # noqa: E402
    suggestion_recommend,
    suggestion_review,
    suggestion_submit,
)

__all__ += ["suggestion_recommend", "suggestion_review", "suggestion_submit"]
from gonghui.competitions.studios.services.members import (  # noqa: E402
    studio_lead_put_forward,
    studio_member_add,
    studio_member_remove,
)

__all__ += ["studio_lead_put_forward", "studio_member_add", "studio_member_remove"]
__all__ += ["suggestion_submit_by_worker"]
from gonghui.competitions.studios.services.suggestions import (  # noqa: E402
    suggestion_submit_by_worker,
)
