"""Drill 1 of issue 18: `kill -9` of the task worker in the middle of a 200,000-row member import.

    /work/main/.venv/bin/python deploy/drills/drill_import_kill.py            # or .venv/bin/python
    ... --rows 200000 --db gh_backup_d1 --no-reference --keep

On the machine's PostgreSQL (postgres@127.0.0.1:5432, or GONGHUI_DRILL_PG) it (re)creates the
database, migrates and loads the org tree and the demo unions (as bench/import_members.py),
writes a CSV in the federation template (bench/import_members.py's rows, with one bad ID number
every 9,973 rows and one repeated ID), and queues it as a member import job in mode `valid`
(the workbench's path: an ImportJob, `run_import_job` in django-tasks' database queue). Then:

1. starts the real worker, `manage.py db_worker`, in a process group of its own;
2. waits until at least one commit unit (`members.imports.engine.COMMIT_ROWS`) is committed and
   the next one is half-read, and kills the worker's whole group with SIGKILL (as systemd kills a
   unit's cgroup);
3. checks what held: the new members are exactly the job's checkpoint (whole units, no half of
   one), their 入会 events match, `check_stats` reports 0 differences, the job is still marked
   running (a dead worker cannot say otherwise) and `import_jobs_recover` sees it interrupted;
4. restarts the worker as systemd does (`import_jobs_recover`, then `db_worker`) and waits for
   the job to end: done, restarted once, the members and the errors those of an uninterrupted
   import, `check_stats` 0 differences;
5. unless --no-reference, imports the same file uninterrupted in a second database
   (`<db>_ref`, same path) and compares: members, errors (rows and reasons), the members per union.

Prints one line per check (OK / FAILED) with the figures, exits 1 if any failed or the drill ran
over --timeout. Drops its databases at the end unless --keep. Needs no stack: the worker is
started here. The figures are those of a loaded, shared 2-core machine.
"""

import argparse
import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.members import drop_database, recreate_database, setup_django  # noqa: E402

PG = os.environ.get("GONGHUI_DRILL_PG", "postgres://postgres@127.0.0.1:5432")
BAD_EVERY = 9_973
failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    print(f"{'OK    ' if ok else 'FAILED'} {what}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--db", default="gh_backup_d1")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds for the whole drill")
    parser.add_argument("--no-reference", action="store_true", help="skip the uninterrupted run")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    return parser.parse_args()


def write_file(path: Path, rows: int, seed: int) -> list[int]:
    """bench/import_members.py's valid rows, then a bad check digit every BAD_EVERY rows and
    the last row repeating the first one's ID. Returns the file rows that must fail."""
    from bench.import_members import write_csv
    from gonghui.members.imports.template import HEADER

    write_csv(path, rows, seed)
    id_col = HEADER.index("证件号码")
    with path.open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    bad = []
    for n in range(BAD_EVERY, rows, BAD_EVERY):  # table[n] is file row n + 1
        number = table[n][id_col]
        table[n][id_col] = number[:-1] + ("0" if number[-1] != "0" else "1")
        bad.append(n + 1)
    table[rows][id_col] = table[1][id_col]
    bad.append(rows + 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table)
    return bad


def prepare(url: str, seed: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from bench.members import prepare_database

    recreate_database(url)
    connection.close()
    connection.settings_dict["NAME"] = url.rsplit("/", 1)[1]
    prepare_database(seed)
    call_command("rollup_stats", verbosity=0)  # the tree was loaded without its roll-ups
    call_command("createcachetable", verbosity=0)
    get_user_model().objects.create_superuser("drill", password="drill-pass-2026")
    connection.close()


def queue_job(path: Path) -> int:
    """An import job as the workbench queues it (the file kept in media, the task queued)."""
    from django.core.files import File
    from django.db import connection, transaction

    from gonghui.accounts.models import User
    from gonghui.imports.models import ImportJob
    from gonghui.imports.tasks import run_import_job
    from gonghui.members.import_kinds import MEMBERS

    with transaction.atomic(), path.open("rb") as f:
        job = ImportJob.objects.create(
            created_by=User.objects.get(username="drill"),
            kind=MEMBERS,
            mode="valid",
            filename=path.name,
            file=File(f, name=path.name),
        )
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    connection.close()
    return job.pk


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        **kwargs,
    )


def last_line(done: subprocess.CompletedProcess) -> str:
    """check_stats' verdict: its last line (stderr holds the count of differences)."""
    lines = [*done.stdout.strip().splitlines(), *done.stderr.strip().splitlines()[-1:]]
    return (lines[-1] if done.returncode else lines[0])[:200] if lines else ""


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    out = log.open("a")
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", "1"],
        env=env,
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the parsing workers die with it
    )


def stop_worker(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    worker.wait(timeout=150)


def group_gone(pgid: int, wait: float = 30) -> bool:
    until = time.monotonic() + wait
    while time.monotonic() < until:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def job_row(job_id: int):
    from django.db import connection

    from gonghui.imports.models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    connection.close()
    return job


def counts(baseline_members: int) -> tuple[int, int]:
    from django.db import connection

    from gonghui.members.codes import ChangeType
    from gonghui.members.models import Member, MembershipEvent

    members = Member.objects.count() - baseline_members
    joins = MembershipEvent.objects.filter(
        change_type=ChangeType.JOIN, actor__username="drill"
    ).count()
    connection.close()
    return members, joins


def wait_finished(job_id: int, deadline: float):
    while time.monotonic() < deadline:
        job = job_row(job_id)
        if job.is_finished:
            return job
        time.sleep(1)
    return None


def per_union_digest() -> str:
    """The members per union, as a digest (the same in an interrupted and a clean import)."""
    from django.db import connection
    from django.db.models import Count

    from gonghui.members.models import Member

    rows = Member.objects.values_list("org__name").annotate(n=Count("id")).order_by("org__name")
    text = "\n".join(f"{name}\t{n}" for name, n in rows)
    connection.close()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def use_database(name: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def main() -> int:
    args = parse_args()
    started = time.monotonic()
    deadline = started + args.timeout
    url = f"{PG}/{args.db}"
    ref_url = f"{PG}/{args.db}_ref"
    work = Path(f"/tmp/gh-backup-drill1-{os.getpid()}")
    work.mkdir(parents=True)
    os.environ["GONGHUI_VAR_DIR"] = str(work / "var")
    setup_django(url)
    env = {**os.environ, "DATABASE_URL": url}
    worker = None
    try:
        from gonghui.members.imports.engine import COMMIT_ROWS
        from gonghui.members.models import Member

        prepare(url, args.seed)
        path = work / "会员-drill.csv"
        t = time.monotonic()
        bad = write_file(path, args.rows, args.seed)
        print(
            f"file: {args.rows:,} rows, {path.stat().st_size / 2**20:.0f} MB, {len(bad)} bad"
            f" rows, written in {time.monotonic() - t:.1f} s; commit unit {COMMIT_ROWS:,} rows"
        )
        baseline = Member.objects.count()
        job_id = queue_job(path)

        # 1-2. the worker, killed during the second unit
        t0 = time.monotonic()
        worker = start_worker(env, work / "worker.log")
        kill_at = COMMIT_ROWS + min(COMMIT_ROWS, args.rows - COMMIT_ROWS) // 2
        job = None
        while time.monotonic() < deadline:
            job = job_row(job_id)
            if job.checkpoint.get("created") and job.read >= kill_at:
                break
            if job.is_finished or worker.poll() is not None:
                break
            time.sleep(0.5)
        if not check(
            not job.is_finished and worker.poll() is None and bool(job.checkpoint),
            "the worker is killable mid-import (a unit committed, the next one running)",
        ):
            return 1
        os.killpg(worker.pid, signal.SIGKILL)
        killed_s = time.monotonic() - t0
        worker.wait()
        check(group_gone(worker.pid), "kill -9: the worker and its parsing processes are gone")
        job = job_row(job_id)
        print(
            f"killed after {killed_s:.1f} s at row ~{job.read:,} of {args.rows:,} (progress"
            f" counter); checkpoint (last committed unit): {job.checkpoint}"
        )

        # 3. what the kill left
        members, joins = counts(baseline)
        check(
            members == job.checkpoint["created"] == joins,
            f"no half-written unit: {members:,} new members = checkpoint {job.checkpoint['created']:,}"
            f" = {joins:,} 入会 events",
        )
        check(
            job.read > job.checkpoint["read"],
            f"killed inside a unit: rows {job.checkpoint['read'] + 1:,}–{job.read:,} were being"
            " written, none of them kept",
        )
        stats = manage(env, "check_stats")
        check(stats.returncode == 0, f"check_stats after the kill: {last_line(stats)}")
        check(job.status == "running", f"the job is left marked running ({job.status})")

        # 4. restart as systemd does: recover, then the worker
        t1 = time.monotonic()
        recovered = manage(env, "import_jobs_recover")
        check(
            recovered.returncode == 0 and f"导入任务 {job_id}" in recovered.stdout,
            f"import_jobs_recover sees it interrupted: {recovered.stdout.strip()!r}",
        )
        job = job_row(job_id)
        check(
            job.status == "pending" and job.restarts == 1 and bool(job.message),
            f"the user sees: {job.get_status_display()} — {job.message}",
        )
        worker = start_worker(env, work / "worker.log")
        job = wait_finished(job_id, deadline)
        resume_s = time.monotonic() - t1
        stop_worker(worker)
        worker = None
        if not check(job is not None, "the restarted job ended within the timeout"):
            return 1
        members, joins = counts(baseline)
        expected = args.rows - len(bad)
        check(
            job.status == "done" and job.restarts == 1,
            f"job done after {resume_s:.1f} s (restart included): created {job.created:,},"
            f" skipped {job.skipped:,}, failed {job.failed:,}; notes {job.warnings}",
        )
        check(
            members == expected == joins,
            f"members: {members:,} new (expected {expected:,}), 入会 events {joins:,}",
        )
        error_rows = [row for row, *_ in job.errors]
        check(
            job.failed == len(bad) and error_rows == bad[: len(job.errors)],
            f"errors: {job.failed} (expected {len(bad)}), rows {error_rows[:5]}…",
        )
        stats = manage(env, "check_stats")
        check(stats.returncode == 0, f"check_stats after the resume: {last_line(stats)}")
        digest = per_union_digest()

        # 5. the same file, uninterrupted
        if not args.no_reference:
            prepare(ref_url, args.seed)
            setup_ref = {**env, "DATABASE_URL": ref_url}
            use_database(f"{args.db}_ref")
            ref_baseline = Member.objects.count()
            ref_id = queue_job(path)
            t2 = time.monotonic()
            worker = start_worker(setup_ref, work / "worker-ref.log")
            ref = wait_finished(ref_id, deadline)
            ref_s = time.monotonic() - t2
            stop_worker(worker)
            worker = None
            if check(ref is not None, f"uninterrupted import ended ({ref_s:.1f} s)"):
                ref_members, _ = counts(ref_baseline)
                check(
                    (ref_members, ref.failed, ref.errors) == (members, job.failed, job.errors),
                    f"same result as uninterrupted: members {ref_members:,} vs {members:,},"
                    f" errors {ref.failed} vs {job.failed}, error lists equal:"
                    f" {ref.errors == job.errors}",
                )
                check(
                    per_union_digest() == digest,
                    f"same members per union (digest {digest})",
                )
            use_database(args.db)
        total = time.monotonic() - started
        check(total < args.timeout, f"drill took {total:.0f} s (bound {args.timeout} s)")
    finally:
        if worker is not None:
            stop_worker(worker, signal.SIGKILL)
        if not args.keep:
            use_database("postgres")
            drop_database(url)
            drop_database(ref_url)
            subprocess.run(["rm", "-rf", str(work)], check=False)  # noqa: S607
        else:
            print(f"kept: databases {args.db}, {args.db}_ref; files in {work}")
    print("drill 1:", "FAILED: " + "; ".join(failures) if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
