"""One error type for everything a user may be told.

Services raise these; views show `message` next to the form or as a page message, the API turns
them into `{"code": ..., "message": ...}` with `status`.
"""


class ApplicationError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class NotFound(ApplicationError):
    """Missing or outside the user's scope: the two must look the same."""

    status = 404
    code = "not_found"


class Forbidden(ApplicationError):
    status = 403
    code = "forbidden"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"
