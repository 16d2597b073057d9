"""Drill 5 of issue 18: a documented backup restored into an empty cluster gives identical figures.

    /work/main/.venv/bin/python deploy/drills/drill_backup_restore.py     # as root (initdb)
    ... --members 500 --port 5451 --keep

1. Source: on the machine's PostgreSQL (postgres@127.0.0.1:5432, or GONGHUI_DRILL_PG) a
   database `gh_backup_d5` owned by the role `gh_backup_owner`, used by `gh_backup_app` (the
   README's two roles), `migrate` as the owner, `seed_demo --members N` (demo data, members,
   audit rows), a small member import job, `audit_partitions` (monthly partitions) and
   `audit_seal`.
2. Figures before: `check_stats` (0 differences) and a digest of every roll-up row, `audit_verify`
   (its chain head), the audit partitions and their row counts, a digest of the members'
   decrypted ID numbers (only the digest is printed), a digest of the media files.
3. Backup as the README says: `pg_dump -Fc` of the database (as the owner), the media directory
   tarred; the keys are not in either (checked: the dump's SQL and the tar hold no key).
4. Restore into an empty cluster: `initdb` (as postgres) into /tmp/gh-backup-d5-*/pg, port 5451,
   the two roles created as the README says, the database created owned by the owner,
   `pg_restore`, the media untarred into an empty directory.
5. Figures after, with the same keys and the application role: all the same; `audit_verify`
   passes with the same head; the application role still cannot change audit rows; with a wrong
   `GONGHUI_PII_KEY` no ID number is readable, with a wrong `GONGHUI_AUDIT_KEY` the chain does
   not verify (the keys travel apart from the backup and are needed).

Prints one line per check (OK / FAILED) with the figures (dump size and time, restore time),
exits 1 if any failed or it ran over --timeout. Stops and deletes the temporary cluster, the
source database and its roles at the end unless --keep. Figures are a loaded 2-core machine's.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("GONGHUI_DRILL_PG", "postgres://postgres@127.0.0.1:5432")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DB, OWNER, APP = "gh_backup_d5", "gh_backup_owner", "gh_backup_app"
# The drill's keys: in production they come from /etc/gonghui/gonghui.env (or a key file), kept
# apart from the backups (README "Backup and restore").
KEYS = {
    "GONGHUI_SECRET_KEY": "drill-secret-key-not-for-production",
    "GONGHUI_PII_KEY": "5d1c0b7a96e3f2481a7b6c5d4e3f20198a7b6c5d4e3f2011f0e1d2c3b4a59687",
    "GONGHUI_AUDIT_KEY": "c3b4a596871f0e1d2a7b6c5d4e3f20115d1c0b7a96e3f2481a7b6c5d4e3f2019",
}
WRONG_PII_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
failures: list[str] = []

ID_DIGEST = """
import hashlib
from gonghui.core import crypto
from gonghui.members.models import Member
readable = unreadable = 0
digest = hashlib.sha256()
for blob in Member.objects.order_by("pk").values_list("id_number_enc", flat=True).iterator():
    try:
        digest.update(crypto.decrypt(blob).encode())
        readable += 1
    except Exception:
        unreadable += 1
print(f"readable={readable} unreadable={unreadable} digest={digest.hexdigest()[:16]}")
"""

ERROR_REPORT = """
from django.core.files.base import ContentFile
from gonghui.accounts.models import User
from gonghui.imports.jobs import import_job_run
from gonghui.imports.models import ImportJob
from gonghui.members.imports.template import HEADER
actor = User.objects.create_superuser("drill", password="drill-pass-2026")
rows = [",".join(HEADER), "坏号," + ",".join([""] * (len(HEADER) - 1))]
job = ImportJob.objects.create(created_by=actor, kind="members", mode="valid",
    filename="drill.csv", file=ContentFile("\\n".join(rows).encode(), name="drill.csv"))
job = import_job_run(job_id=job.pk)
print(job.status, job.failed, job.error_report.name)
"""


def check(ok: bool, what: str) -> bool:
    print(f"{'OK    ' if ok else 'FAILED'} {what}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def run(cmd: list[str], *, env=None, timeout=900, user: str | None = None) -> str:
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"{' '.join(cmd[:4])}… exit {done.returncode}: {done.stderr[-1500:]}")
    return done.stdout


def manage(env: dict, *args: str, timeout=1200) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def app_env(port: int, var: Path, **extra) -> dict:
    return {
        **os.environ,
        **KEYS,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings.base",
        "DATABASE_URL": f"postgres://{APP}@127.0.0.1:{port}/{DB}",
        "GONGHUI_DB_MIGRATE_URL": f"postgres://{OWNER}@127.0.0.1:{port}/{DB}",
        "GONGHUI_VAR_DIR": str(var),
        **extra,
    }


def admin(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def drop_source() -> None:
    admin(
        f"{PG}/postgres",
        f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)',
        f"DROP ROLE IF EXISTS {APP}",
        f"DROP ROLE IF EXISTS {OWNER}",
    )


def figures(port: int, var: Path, env: dict) -> dict:
    """What must be the same after the restore."""
    url = f"postgres://{OWNER}@127.0.0.1:{port}/{DB}"
    out = {}
    with psycopg.connect(url) as conn:
        out["stats"] = conn.execute(
            "SELECT count(*), md5(string_agg(concat_ws('|', org_id, metric, period, value), ','"
            " ORDER BY org_id, metric, period)) FROM stats_orgstat"
        ).fetchone()
        out["partitions"] = conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'audit_auditlog'::regclass ORDER BY 1"
        ).fetchall()
        out["audit_rows"] = conn.execute(
            "SELECT tableoid::regclass::text, count(*), max(id) FROM audit_auditlog"
            " GROUP BY 1 ORDER BY 1"
        ).fetchall()
        out["seals"] = conn.execute("SELECT count(*) FROM audit_auditseal").fetchone()
        out["members"] = conn.execute("SELECT count(*) FROM members_member").fetchone()
        out["jobs"] = conn.execute(
            "SELECT count(*), string_agg(error_report, ',' ORDER BY id) FROM members_importjob"
        ).fetchone()
    stats = manage(env, "check_stats")
    out["check_stats"] = (stats.returncode, stats.stdout.strip())
    verify = manage(env, "audit_verify")
    out["audit_verify"] = (verify.returncode, verify.stdout.strip())
    out["ids"] = manage(env, "shell", "-c", ID_DIGEST).stdout.strip().splitlines()[-1]
    media = hashlib.sha256()
    for path in sorted((var / "media").rglob("*")):
        if path.is_file():
            media.update(str(path.relative_to(var)).encode() + path.read_bytes())
    out["media"] = (sum(1 for p in (var / "media").rglob("*") if p.is_file()), media.hexdigest())
    return out


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500, help="seed_demo --members")
    parser.add_argument("--port", type=int, default=5451, help="the empty cluster's port")
    parser.add_argument("--timeout", type=int, default=2400, help="seconds for the whole drill")
    parser.add_argument("--keep", action="store_true", help="keep databases, cluster, files")
    return parser.parse_args()


def main() -> int:  # noqa: C901, PLR0915 — one drill, read top to bottom
    args = parse_args()
    started = time.monotonic()
    work = Path(f"/tmp/gh-backup-d5-{os.getpid()}")
    src_var, dst_var, backup = work / "src-var", work / "restored-var", work / "backup"
    pgdata = work / "pg" / "data"
    for d in (src_var / "media", dst_var, backup, pgdata.parent):
        d.mkdir(parents=True)
    work.chmod(0o755)
    src = app_env(5432, src_var)
    owner_src = {**src, "DATABASE_URL": src["GONGHUI_DB_MIGRATE_URL"]}
    cluster_up = False
    try:
        # 1. the source province
        drop_source()
        admin(
            f"{PG}/postgres",
            f"CREATE ROLE {OWNER} LOGIN",
            f"CREATE ROLE {APP} LOGIN",
            f'CREATE DATABASE "{DB}" OWNER {OWNER}',
        )
        t = time.monotonic()
        for step in (
            (owner_src, "createcachetable"),  # as the owner, before migrate grants
            (src, "migrate", "--noinput", "-v0"),  # as the owner (GONGHUI_DB_MIGRATE_URL)
            (src, "seed_demo", "--members", str(args.members), "--if-empty"),
            (src, "shell", "-c", ERROR_REPORT),
            (owner_src, "audit_partitions"),
            (src, "audit_seal"),
        ):
            done = manage(step[0], *step[1:])
            if not check(done.returncode == 0, f"source: manage.py {' '.join(step[1:3])}"):
                print(done.stdout[-1500:], done.stderr[-2500:])
                return 1
        print(f"source ready in {time.monotonic() - t:.0f} s")
        before = figures(5432, src_var, src)
        print(
            f"before: {before['members'][0]:,} members, {before['stats'][0]:,} roll-up rows,"
            f" audit rows by partition {before['audit_rows']}, {before['seals'][0]:,} seals,"
            f" {before['media'][0]} media files; IDs {before['ids']}"
        )
        check(before["check_stats"][0] == 0, f"source check_stats: {before['check_stats'][1]}")
        check(before["audit_verify"][0] == 0, "source audit_verify passes")
        check(
            len(before["partitions"]) > 1, f"source audit partitions: {len(before['partitions'])}"
        )
        check(before["media"][0] > 0, "source has media files (an import's error report)")

        # 3. backup (README "Backup and restore")
        dump = backup / f"{DB}.dump"
        t = time.monotonic()
        run(
            [
                "pg_dump", "-Fc", "-h", "127.0.0.1", "-p", "5432", "-U", OWNER,
                "-f", str(dump), DB,
            ]
        )  # fmt: skip
        dump_s = time.monotonic() - t
        t = time.monotonic()
        media_tar = backup / "media.tar.gz"
        run(["tar", "-C", str(src_var), "-czf", str(media_tar), "media"])
        tar_s = time.monotonic() - t
        size = dump.stat().st_size / 2**20
        print(
            f"backup: pg_dump -Fc {size:.1f} MB in {dump_s:.1f} s; media.tar.gz"
            f" {media_tar.stat().st_size / 2**10:.0f} KB in {tar_s:.1f} s"
        )
        sql = run(["pg_restore", "-f", "-", str(dump)])
        tar_text = subprocess.run(
            ["tar", "-xOzf", str(media_tar)], capture_output=True, check=True
        ).stdout
        secrets = [KEYS["GONGHUI_PII_KEY"], KEYS["GONGHUI_AUDIT_KEY"]]
        halves = [k[i : i + 32] for k in secrets for i in (0, 32)]
        check(
            not any(s in sql or s.encode() in tar_text for s in secrets + halves),
            "no key (nor half of one) in the dump's SQL or the media tarball",
        )

        # 4. an empty cluster, the roles as the README says, restore
        shutil.chown(pgdata.parent, "postgres")
        run(
            [
                str(PG_BIN / "initdb"), "-D", str(pgdata), "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--locale", "C.UTF-8",
            ],
            user="postgres",
        )  # fmt: skip
        run(
            [
                str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-l", str(pgdata.parent / "log"),
                "-o", f"-p {args.port} -k {pgdata.parent} -c listen_addresses=127.0.0.1",
                "-w", "start",
            ],
            user="postgres",
        )  # fmt: skip
        cluster_up = True
        target = f"postgres://postgres@127.0.0.1:{args.port}"
        t = time.monotonic()
        admin(
            f"{target}/postgres",
            f"CREATE ROLE {OWNER} LOGIN",
            f"CREATE ROLE {APP} LOGIN",
            f'CREATE DATABASE "{DB}" OWNER {OWNER}',
        )
        run(
            [
                "pg_restore", "-h", "127.0.0.1", "-p", str(args.port), "-U", "postgres",
                "-d", DB, "-j", "2", "--exit-on-error", str(dump),
            ]
        )  # fmt: skip
        restore_s = time.monotonic() - t
        t = time.monotonic()
        run(["tar", "-C", str(dst_var), "-xzf", str(media_tar)])
        untar_s = time.monotonic() - t
        print(f"restore: pg_restore -j 2 in {restore_s:.1f} s, media untarred in {untar_s:.1f} s")

        # 5. the same figures, same keys, application role
        dst = app_env(args.port, dst_var)
        after = figures(args.port, dst_var, dst)
        for name, label in (
            ("stats", "roll-up rows (count, digest)"),
            ("check_stats", "check_stats (exit, output)"),
            ("audit_verify", "audit_verify (exit, output with the chain head)"),
            ("partitions", "audit partitions"),
            ("audit_rows", "audit rows per partition (count, last id)"),
            ("seals", "audit seals"),
            ("members", "members"),
            ("ids", "decrypted ID numbers (digest)"),
            ("jobs", "import jobs and their error reports"),
            ("media", "media files (count, digest)"),
        ):
            check(after[name] == before[name], f"restored {label}: {after[name]}")
        check(after["check_stats"][0] == 0, "restored check_stats: 0 differences")
        check(after["audit_verify"][0] == 0, "restored audit_verify passes")
        try:
            admin(
                f"postgres://{APP}@127.0.0.1:{args.port}/{DB}",
                "UPDATE audit_auditlog SET action = action WHERE id = 1",
            )
            refused = False
        except psycopg.errors.InsufficientPrivilege:
            refused = True
        check(refused, "restored grants: the application role cannot change audit rows")
        wrong = (
            manage(
                app_env(args.port, dst_var, GONGHUI_PII_KEY=WRONG_PII_KEY), "shell", "-c", ID_DIGEST
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        check(
            wrong.startswith(f"readable=0 unreadable={before['members'][0]} "),
            f"with a wrong GONGHUI_PII_KEY: {wrong}",
        )
        wrong_audit = manage(
            app_env(args.port, dst_var, GONGHUI_AUDIT_KEY=WRONG_PII_KEY), "audit_verify"
        )
        check(wrong_audit.returncode != 0, "with a wrong GONGHUI_AUDIT_KEY audit_verify fails")
        total = time.monotonic() - started
        check(total < args.timeout, f"drill took {total:.0f} s (bound {args.timeout} s)")
    finally:
        if args.keep:
            print(f"kept: {DB} on 5432, the cluster on {args.port} ({pgdata}), files in {work}")
        else:
            if cluster_up:
                run(
                    [str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"],
                    user="postgres",
                )
            drop_source()
            shutil.rmtree(work, ignore_errors=True)
    print("drill 5:", "FAILED: " + "; ".join(failures) if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
