"""The honors' API router, mounted at /api/v1/honors/: rounds' and care's."""

from ninja import Router

from gonghui.honors.care.api import router as care_router
from gonghui.honors.rounds.api import router as rounds_router

router = Router()
router.add_router("", rounds_router)
router.add_router("", care_router)
