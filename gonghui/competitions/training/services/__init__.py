"""Every write to 工匠学院 and training, one function per use case, each audited."""

from gonghui.competitions.training.services.academies import (
    academy_create,
    academy_revoke,
    academy_update,
    course_create,
    course_update,
)
from gonghui.competitions.training.services.classes import (
    class_cancel,
    class_create,
    class_finish,
    class_start,
    class_update,
)
from gonghui.competitions.training.services.enrollments import (
    enrollment_add,
    enrollment_apply,
    enrollment_cancel,
    enrollment_confirm,
    enrollment_withdraw,
)
from gonghui.competitions.training.services.sessions import attendance_record, session_add

__all__ = [
    "academy_create",
    "academy_revoke",
    "academy_update",
    "attendance_record",
    "class_cancel",
    "class_create",
    "class_finish",
    "class_start",
    "class_update",
    "course_create",
    "course_update",
    "enrollment_add",
    "enrollment_apply",
    "enrollment_cancel",
    "enrollment_confirm",
    "enrollment_withdraw",
    "session_add",
]
