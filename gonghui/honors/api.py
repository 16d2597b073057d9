"""The honors' API router, mounted at /api/v1/honors/ (rounds; care adds its own)."""

from ninja import Router

from gonghui.honors.rounds.api import router as rounds_router

router = Router()
router.add_router("", rounds_router)
