"""班组 / 车间 / 项目部 of a base union (`members.Team`), with their members.

`services` (every write), `selectors` (scoped reads), `pickers` (the team picker other domains'
forms use), `views`/`urls`/`forms` (the workbench pages under /members/teams/), `api`.
"""
