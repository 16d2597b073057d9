from gonghui.inbox.tests.consistency import inbox_consistent_fixture

inbox_consistent = inbox_consistent_fixture()
