"""The page decorators, kept importable from here: they live in `gonghui.core.decorators`."""

from gonghui.core.decorators import permission_required, public, signed_in

__all__ = ["permission_required", "public", "signed_in"]
