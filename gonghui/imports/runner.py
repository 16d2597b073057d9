"""Who runs an import job, and whether anyone still does.

A job being run holds a PostgreSQL session advisory lock (`ADVISORY_CLASS`, job id) on a
connection of its own, taken before the job is marked running and let go after it is marked
finished. PostgreSQL releases it when that connection ends, so also when the worker process is
killed (`kill -9`, out of memory, a reboot): a running job whose lock can be taken has lost its
runner, whichever machine ran it. The same connection carries the job's progress counters (see
`jobs._Progress`). SQLite has no such locks: there the job records "host:pid" and a running job
whose process on this host is gone has lost its runner (a development database, one machine).
"""

import os
import socket

from django.db import connection, connections

ADVISORY_CLASS = 0x6768  # "gh": the first key of the two-key advisory locks of import jobs


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


class RunnerLock:
    """The lock a running job holds (PostgreSQL), on a connection that also serves as the job's
    side connection; `acquire()` is False when another process holds it (it runs the job)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None

    def acquire(self) -> bool:
        if connection.vendor != "postgresql":
            return True
        self.side = connections.create_connection("default")
        with self.side.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_CLASS, self.job_id])
            held = cursor.fetchone()[0]
        if not held:
            self.release()
        return held

    def release(self) -> None:
        """Close the connection: PostgreSQL lets the lock go with it."""
        if self.side is not None:
            self.side.close()
            self.side = None


def runner_gone(*, job_id: int, runner: str) -> bool:
    """True when nobody runs the job said to be running (see the module note)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_CLASS, job_id])
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_CLASS, job_id])
        return True
    host, _, pid = runner.rpartition(":")
    if not pid.isdigit():
        return True  # marked running by no process of this code: none runs it
    if host != socket.gethostname():
        return False  # another machine's process: it cannot be told from here
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False
