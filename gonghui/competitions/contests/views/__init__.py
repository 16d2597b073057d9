"""The contests' workbench pages, by use case: `pages` (the contest), `entries` (报名, 成绩)."""
