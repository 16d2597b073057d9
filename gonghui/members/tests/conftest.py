"""Members' tests: every database test ends with the 待办 table right (transfers' kinds)."""

from gonghui.inbox.tests.consistency import inbox_consistent_fixture

inbox_consistent = inbox_consistent_fixture()
