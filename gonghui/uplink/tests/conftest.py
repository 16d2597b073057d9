# The hotline's fixtures: its default deadline rules (autouse) and cases brought to any state.
from gonghui.hotline.tests.conftest import case_in, deadline_rules  # noqa: F401
