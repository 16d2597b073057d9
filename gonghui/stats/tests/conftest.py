"""The dashboards' tests share the roll-up fixtures of the metrics app's tests (hotline cases
and sites made through their services)."""

from gonghui.metrics.tests.conftest import (  # noqa: F401 (fixtures)
    deadline_rules,
    make_case,
    make_site,
)
