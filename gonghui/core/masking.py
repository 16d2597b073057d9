"""Masked forms of personal data, as shown to anyone not allowed to see them in full."""


def mask_id_number(value: str) -> str:
    """620102199001011234 -> 620102********1234."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * (len(value) - 2)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13912345678 -> 139****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张三丰 -> 张**: used where a person is named to someone outside their union."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
