from datetime import date


class IsoDateConverter:
    """A date in a URL as 2027-01-01; an impossible date (2027-02-30) does not match: 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date) -> str:
        return value.isoformat()
