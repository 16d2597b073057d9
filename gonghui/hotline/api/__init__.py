"""12351 hotline endpoints: intake, the case and its timeline, one operation per step of the
case (each calling its service), the scoped case list, and the callers' public look-up.

One router; each module adds its operations to it when imported. The order of the imports below
is the order of the operations in the OpenAPI schema: cases, then the steps, then the workers'.
"""

from gonghui.hotline.api import cases, steps, workers
from gonghui.hotline.api.common import COUNTY_CODE_INVALID, COUNTY_UNKNOWN, router

__all__ = ["COUNTY_CODE_INVALID", "COUNTY_UNKNOWN", "cases", "router", "steps", "workers"]
