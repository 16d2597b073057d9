"""Hardship assistance: archives (archives.py), help plans and aid (aid.py), 四送 campaigns and
金秋助学 (campaigns.py)."""

from gonghui.assistance.models.aid import *  # noqa: F403
from gonghui.assistance.models.archives import *  # noqa: F403
from gonghui.assistance.models.campaigns import *  # noqa: F403
