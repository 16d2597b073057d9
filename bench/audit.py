"""Benchmark the cost of sealing the audit trail on the write path.

    .venv/bin/python bench/audit.py                          # SQLite, a scratch file
    .venv/bin/python bench/audit.py --writers 3 --rows 3000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_abench .venv/bin/python bench/audit.py

Re-creates (and at the end drops) the database named in DATABASE_URL, migrates it, then has
--writers processes write --rows audit rows each through `audit_record`, one transaction per
row as a service does, and prints the rows per second of all writers together:

- PostgreSQL only: with the insert fence trigger switched off — the bare insert;
- as deployed, while no sealer runs (the shared advisory lock of the insert fence only);
- as deployed, while `audit_seal` runs every --every seconds in another process (`make run`
  seals every 10 s; a shorter interval makes the comparison harsher);

and the ratio of the last to the second. Then it times one `audit_seal` catching up on the
backlog (rows sealed per second) and one `audit_verify` over the whole trail.
"""

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import drop_database, machine, recreate_database, setup_django  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=2, help="writing processes")
    parser.add_argument("--rows", type=int, default=2000, help="rows per writer and run")
    parser.add_argument("--every", type=float, default=0.2, help="seconds between seal rounds")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def writer(rows: int, start) -> None:
    from django.db import transaction

    from gonghui.audit.services import audit_record

    start.wait()
    for i in range(rows):
        with transaction.atomic():
            audit_record(
                actor=None,
                action="member.update",
                changes={"phone": ["139****1203", "136****0000"], "n": i},
                object_repr=f"会员 #{i}",
            )


def sealer(every: float, stop) -> None:
    from gonghui.audit.sealing import audit_seal

    while not stop.is_set():
        audit_seal()
        stop.wait(every)


def write_run(args, *, sealing: bool) -> float:
    """All writers' rows per second."""
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    start, stop = ctx.Event(), ctx.Event()
    procs = [ctx.Process(target=writer, args=(args.rows, start)) for _ in range(args.writers)]
    seal = ctx.Process(target=sealer, args=(args.every, stop)) if sealing else None
    for proc in procs + ([seal] if seal else []):
        proc.start()
    began = time.perf_counter()
    start.set()
    for proc in procs:
        proc.join()
        assert proc.exitcode == 0, "a writer failed"
    elapsed = time.perf_counter() - began
    if seal:
        stop.set()
        seal.join()
        assert seal.exitcode == 0, "the sealer failed"
    return args.writers * args.rows / elapsed


def set_fence(enabled: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        state = "ENABLE" if enabled else "DISABLE"
        cursor.execute(f"ALTER TABLE audit_auditlog {state} TRIGGER audit_auditlog_insert_fence")


def main() -> int:
    args = parse_args()
    scratch = Path(tempfile.gettempdir()) / f"gonghui-audit-bench-{os.getpid()}.sqlite3"
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}"
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from gonghui.audit.models import AuditLog, AuditSeal
    from gonghui.audit.sealing import audit_seal, audit_verify

    call_command("migrate", verbosity=0)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {args.writers} writers × {args.rows} rows a run")
    try:
        if connection.vendor == "postgresql":
            set_fence(False)
            bare = write_run(args, sealing=False)
            set_fence(True)
            print(f"write path, no insert fence:       {bare:8.0f} rows/s")
        audit_seal()
        plain = write_run(args, sealing=False)
        print(f"write path, no sealer running:     {plain:8.0f} rows/s")
        audit_seal()
        sealed = write_run(args, sealing=True)
        print(f"write path, sealer every {args.every:g} s:    {sealed:8.0f} rows/s")
        print(f"  sealed by then: {AuditSeal.objects.count()} of {AuditLog.objects.count()} rows")
        print(f"ratio with sealer / without:       {sealed / plain:8.2f}")
        if connection.vendor == "postgresql":
            print(f"ratio fence / no fence:            {plain / bare:8.2f}")
        write_run(args, sealing=False)
        backlog = AuditLog.objects.count()
        began = time.perf_counter()
        caught_up = audit_seal()
        seal_s = time.perf_counter() - began
        print(f"audit_seal, backlog of {caught_up} rows:  {caught_up / seal_s:8.0f} rows/s")
        began = time.perf_counter()
        verdict = audit_verify()
        verify_s = time.perf_counter() - began
        assert verdict.intact and verdict.sealed == backlog, verdict
        print(
            f"audit_verify, {verdict.sealed} rows:         {verdict.sealed / verify_s:8.0f} rows/s"
        )
    finally:
        connection.close()
        if not args.keep:
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
