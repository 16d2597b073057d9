"""Two provinces and the national platform on one machine (docs/scale.md, "The nation").

    /work/main/.venv/bin/python deploy/drills/national_sim.py [--members 30] [--keep]

Run as root (the clusters run as the postgres user). It makes three PostgreSQL clusters of its
own under /tmp/gh-national-* (ports 5461 甘肃, 5462 青海, 5463 national; wal_level=logical; the
machine's cluster on 5432 is left alone), then:
1. migrates each province with its own data keys (GONGHUI_PII_KEY) and province code; 甘肃 gets
   its real regional tree (`load_orgs`), a base union and --members members, 青海 a handful of
   orgs and 20 members;
2. publishes each province's `national_orgstat` and subscribes the national cluster to both;
3. checks that the national sum per province equals each province's own figures, and how long a
   new member in 甘肃 takes to show in the national total (printed);
4. transfers a member from 甘肃 to 青海 through the exchange, over HTTP (one gunicorn per
   province, ports 8461/8462): request with consent, approval in 青海, the membership closed in
   甘肃; a redelivered message changes nothing; and the national figures follow.
Prints OK/FAILED per check, exits 1 on any failure, and removes the clusters (unless --keep).
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = next(Path("/usr/lib/postgresql").glob("*/bin"))
SOCK = Path("/tmp/gh-national-sock")
PEER_KEY = secrets.token_hex(32)
QH_USCC = "91630100MA7QH0001K"
TIMEOUT = 60  # seconds to wait for replication before failing

CLUSTERS = {"gansu": 5461, "qinghai": 5462, "national": 5463}
WEB = {"gansu": 8461, "qinghai": 8462}
CODE = {"gansu": "62", "qinghai": "63"}
failures: list[str] = []


def check(name: str, ok: bool, seen: object = "") -> None:
    print(f"{'OK    ' if ok else 'FAILED'} {name}" + (f"  [{seen}]" if seen != "" else ""))
    if not ok:
        failures.append(name)


def as_postgres(*args: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)


def data_dir(name: str) -> Path:
    return Path(f"/tmp/gh-national-{name}")


def start_cluster(name: str, port: int) -> None:
    directory = data_dir(name)
    if directory.exists():
        shutil.rmtree(directory)
    SOCK.mkdir(exist_ok=True)
    shutil.chown(SOCK, "postgres", "postgres")
    as_postgres(
        str(BIN / "initdb"), "-D", str(directory), "-U", "postgres", "--auth=trust", "-E", "UTF8"
    )
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={SOCK}"
        " -c wal_level=logical -c max_wal_senders=10 -c max_replication_slots=10"
        " -c shared_buffers=64MB -c fsync=off"
    )
    as_postgres(
        str(BIN / "pg_ctl"),
        "-D",
        str(directory),
        "-o",
        options,
        "-l",
        f"{directory}.log",
        "-w",
        "start",
    )
    with psycopg.connect(
        f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True
    ) as c:
        c.execute("CREATE DATABASE gonghui")


def stop_clusters() -> None:
    for name in CLUSTERS:
        directory = data_dir(name)
        if directory.exists():
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(BIN / "pg_ctl"),
                    "-D",
                    str(directory),
                    "-m",
                    "fast",
                    "stop",
                ],
                capture_output=True,
            )
            shutil.rmtree(directory, ignore_errors=True)
        Path(f"{directory}.log").unlink(missing_ok=True)
        shutil.rmtree(f"/tmp/gh-national-{name}-var", ignore_errors=True)
    shutil.rmtree(SOCK, ignore_errors=True)


def dsn(name: str) -> str:
    return f"host=127.0.0.1 port={CLUSTERS[name]} user=postgres dbname=gonghui"


def province_env(name: str) -> dict[str, str]:
    other = "qinghai" if name == "gansu" else "gansu"
    var = Path(f"/tmp/gh-national-{name}-var")
    var.mkdir(exist_ok=True)
    keys = province_env.keys.setdefault(
        name, (secrets.token_hex(32), secrets.token_urlsafe(40), secrets.token_hex(32))
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings.base",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{CLUSTERS[name]}/gonghui",
        "GONGHUI_PII_KEY": keys[0],
        "GONGHUI_SECRET_KEY": keys[1],
        "GONGHUI_AUDIT_KEY": keys[2],
        "GONGHUI_VAR_DIR": str(var),
        "GONGHUI_PROVINCE_CODE": CODE[name],
        "GONGHUI_NATIONAL_PEERS": f"{CODE[other]}=http://127.0.0.1:{WEB[other]}/national/exchange/|{PEER_KEY}",
        "GONGHUI_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


province_env.keys = {}


def manage(name: str, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=province_env(name),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"{name}: manage.py {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def shell(name: str, code: str) -> dict:
    """Run Django code in the province; it prints one JSON line last, returned here."""
    out = manage(name, "shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


GANSU_SETUP = """
import json
from datetime import date
from django.contrib.auth.models import Group
from gonghui.accounts.models import User
from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.orgs.loader import load_org_tree
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import level_for
from gonghui.members.services import member_create
from gonghui.members.idnumber import check_digit
from gonghui.metrics.services import stats_rollup
n = load_org_tree()
county = Org.objects.get(division_code='620102000000', org_type='county')
kw = dict(name='兰州甲公司工会', org_type=OrgType.BASE, level=level_for(OrgType.BASE, county),
          division_code=county.division_code)
base = Org.objects.add_child(county, create_kwargs=kw)
stats_rollup()
admin = User.objects.create_user(username='sysadmin', password='Gonghui@2026',
                                 org=Org.objects.get(depth=1))
admin.groups.set(Group.objects.filter(name=ROLE_UNION_ADMIN))
admin = User.objects.get(pk=admin.pk)
for i in range(MEMBERS):
    body = '6201021985%02d15%03d' % (i % 12 + 1, i)
    member_create(actor=admin, org=Org.objects.get(pk=base.pk), name='甘肃会员%d' % i,
                  id_number=body + check_digit(body), phone='1390931%04d' % i,
                  category='employed', joined_on=date(2018, 6, 1))
print(json.dumps({'orgs': Org.objects.count()}))
"""

QINGHAI_SETUP = f"""
import json
from datetime import date
from gonghui.accounts.models import User
from django.contrib.auth.models import Group
from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import level_for
from gonghui.members.services import member_create
from gonghui.members.idnumber import check_digit
from gonghui.metrics.services import stats_rollup

def add(parent, name, org_type, code='', uscc=''):
    kw = dict(name=name, org_type=org_type, level=level_for(org_type, parent),
              division_code=code or parent.division_code, uscc=uscc)
    if parent is None:
        return Org.objects.add_root(create_kwargs=kw)
    return Org.objects.add_child(Org.objects.get(pk=parent.pk), create_kwargs=kw)

root = add(None, '青海省总工会', OrgType.PROVINCE, '630000000000')
xining = add(root, '西宁市总工会', OrgType.CITY, '630100000000')
county = add(xining, '城中区总工会', OrgType.COUNTY, '630103000000')
haidong = add(root, '海东市总工会', OrgType.CITY, '630200000000')
ledu = add(haidong, '乐都区总工会', OrgType.COUNTY, '630202000000')
base = add(county, '西宁甲公司工会', OrgType.BASE, uscc='{QH_USCC}')
base2 = add(ledu, '海东乙公司工会', OrgType.BASE)
stats_rollup()
def account(username, org):
    user = User.objects.create_user(username=username, password='Gonghui@2026', org=org)
    user.groups.set(Group.objects.filter(name=ROLE_UNION_ADMIN))
    return User.objects.get(pk=user.pk)

account('qh_admin', county)  # decides the transfer into 城中区
admin = account('qh_province', root)
for i in range(20):
    body = f'6301031980{{(i % 12) + 1:02d}}15{{i:03d}}'
    member_create(actor=admin, org=base if i % 2 else Org.objects.get(pk=base2.pk), name=f'青海会员{{i}}',
                  id_number=body + check_digit(body), phone=f'1380971{{i:04d}}', category='employed',
                  joined_on=date(2019, 1, 1))
print(json.dumps({{'orgs': Org.objects.count()}}))
"""

NEW_MEMBER = """
import json, time
from datetime import date
from gonghui.accounts.models import User
from gonghui.orgs.models import Org
from gonghui.members.services import member_create
from gonghui.members.idnumber import check_digit
admin = User.objects.get(username='sysadmin')
org = Org.objects.filter(org_type='base', path__startswith=Org.objects.get(division_code='620102000000', org_type='county').path).first()
body = '62010219900101' + '%03d' % (int(time.time()) % 1000)
member_create(actor=admin, org=org, name='新会员', id_number=body + check_digit(body),
              phone='13900001111', category='employed', joined_on=date(2024, 1, 1))
print(json.dumps({'committed': time.time()}))
"""

REQUEST = f"""
import json
from gonghui.accounts.models import User
from gonghui.members.models import Member
from gonghui.national.services import cross_transfer_request
admin = User.objects.get(username='sysadmin')
member = Member.objects.filter(status='active', org__path__startswith=
    __import__('gonghui.orgs.models', fromlist=['Org']).Org.objects.get(division_code='620102000000', org_type='county').path).order_by('pk').first()
t = cross_transfer_request(actor=admin, member_id=member.pk, to_province='63', to_org_code='{QH_USCC}', consent_by='worker')
print(json.dumps({{'ref': t.ref, 'member': member.pk, 'id_number': member.id_number}}))
"""

APPROVE = """
import json
from gonghui.accounts.models import User
from gonghui.national.models import CrossTransfer
from gonghui.national.services import cross_transfer_approve
t = CrossTransfer.objects.get(direction='in', ref=REF)
t = cross_transfer_approve(actor=User.objects.get(username='qh_admin'), transfer_id=t.pk)
m = t.member
print(json.dumps({'member': m.pk, 'org': m.org.name, 'id_number': m.id_number,
                  'events': [e.get_change_type_display() for e in m.events.all()],
                  'joined_on': m.joined_on.isoformat()}))
"""

SENDER_STATE = """
import json
from gonghui.members.models import Member
from gonghui.national.models import CrossTransfer
m = Member.objects.get(pk=PK)
t = CrossTransfer.objects.get(direction='out', ref=REF)
print(json.dumps({'status': m.status, 'transfer': t.status,
                  'events': [e.get_change_type_display() + ' ' + e.note for e in m.events.all()]}))
"""

RESEND = """
import json
from gonghui.national.models import ExchangeMessage
n = ExchangeMessage.objects.filter(direction='out').update(status='pending', next_attempt_at=None)
from django.utils import timezone
ExchangeMessage.objects.filter(direction='out').update(next_attempt_at=timezone.now())
print(json.dumps({'requeued': n}))
"""


def national_sums() -> dict[str, int]:
    with psycopg.connect(dsn("national")) as c:
        rows = c.execute(
            "SELECT province_code, value FROM national_orgstat"
            " WHERE level = 1 AND metric = 'members.active' AND period = ''"
        ).fetchall()
    return dict(rows)


def province_total(name: str) -> int:
    """The province's own figure, from its roll-up table (not the export)."""
    with psycopg.connect(dsn(name)) as c:
        row = c.execute(
            "SELECT s.value FROM stats_orgstat s JOIN orgs_org o ON o.id = s.org_id"
            " WHERE o.org_type = 'province' AND s.metric = 'members.active' AND s.period = ''"
        ).fetchone()
    return row[0] if row else 0


def province_rows(name: str) -> set:
    with psycopg.connect(dsn(name)) as c:
        return set(c.execute("SELECT * FROM national_orgstat").fetchall())


def national_rows(code: str) -> set:
    with psycopg.connect(dsn("national")) as c:
        return set(
            c.execute("SELECT * FROM national_orgstat WHERE province_code = %s", [code]).fetchall()
        )


def wait_until(predicate, timeout: float = TIMEOUT) -> float | None:
    started = time.time()
    while time.time() - started < timeout:
        if predicate():
            return time.time()
        time.sleep(0.05)
    return None


def start_web(name: str) -> subprocess.Popen:
    web = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "gonghui.wsgi", "-b", f"127.0.0.1:{WEB[name]}", "-w", "1"],
        cwd=REPO,
        env=province_env(name),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.error
    import urllib.request

    def up() -> bool:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{WEB[name]}/healthz", timeout=1)
            return True
        except urllib.error.HTTPError:
            return True  # answering (the worker's heartbeat is not part of this drill)
        except Exception:  # noqa: BLE001
            return web.poll() is not None

    wait_until(up, 30)
    return web


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="leave the clusters running")
    args = parser.parse_args()
    webs: list[subprocess.Popen] = []
    started = time.time()
    try:
        for name, port in CLUSTERS.items():
            start_cluster(name, port)
        print(f"clusters up ({time.time() - started:.0f} s)")
        step = time.time()
        migrating = [
            subprocess.Popen(
                [PYTHON, "manage.py", "migrate", "--no-input"],
                cwd=REPO,
                env=province_env(name),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for name in ("gansu", "qinghai")
        ]
        for process in migrating:
            if process.wait():
                raise RuntimeError(process.stderr.read().decode()[-3000:])
        for name in ("gansu", "qinghai"):
            manage(name, "createcachetable")
        print(f"both provinces migrated, in parallel ({time.time() - step:.0f} s)")
        step = time.time()
        made = shell("gansu", GANSU_SETUP.replace("MEMBERS", str(args.members)))
        print(
            f"gansu: {made['orgs']} orgs (load_orgs), {args.members} members ({time.time() - step:.0f} s)"
        )
        shell("qinghai", QINGHAI_SETUP)
        for name in ("gansu", "qinghai"):
            manage(name, "national_export", "check")
            manage(name, "national_export", "publish")
        table = manage("gansu", "national_export", "national-sql").split("CREATE SUBSCRIPTION")[0]
        with psycopg.connect(dsn("national"), autocommit=True) as c:
            c.execute(table)
            for name in ("gansu", "qinghai"):
                c.execute(
                    f"CREATE SUBSCRIPTION province_{CODE[name]} CONNECTION '{dsn(name)}'"
                    " PUBLICATION gonghui_national"
                )

        # 1. The initial copy: the national rows of each province equal the province's export.
        for name in ("gansu", "qinghai"):
            ok = wait_until(lambda n=name: national_rows(CODE[n]) == province_rows(n))
            check(
                f"national rows of {CODE[name]} equal {name}'s export",
                ok is not None,
                len(province_rows(name)),
            )
        sums = national_sums()
        expected = {CODE[n]: province_total(n) for n in ("gansu", "qinghai")}
        check(
            "national 在会会员 per province = each province's own roll-up", sums == expected, sums
        )

        # 2. The delay from a member write in 甘肃 to the national total.
        before = national_sums()["62"]
        committed = shell("gansu", NEW_MEMBER)["committed"]
        seen = wait_until(lambda: national_sums().get("62") == before + 1)
        check("a new 甘肃 member reaches the national total", seen is not None)
        if seen is not None:
            print(
                f"       delay from commit to the national total: {seen - committed:.2f} s (loaded machine)"
            )

        # 3. A transfer 甘肃 → 青海 over HTTP.
        webs = [start_web("gansu"), start_web("qinghai")]
        before = national_sums()
        asked = shell("gansu", REQUEST)
        print(f"       transfer {asked['ref']} requested (the worker's consent recorded)")
        sent = manage("gansu", "exchange_send").strip()
        check("甘肃 → 青海: request delivered", "已送达 1 条" in sent, sent)
        approved = shell("qinghai", APPROVE.replace("REF", repr(asked["ref"])))
        check(
            "青海: member created under 青海's keys, same ID number, original join date kept",
            approved["id_number"] == asked["id_number"],
            {k: v for k, v in approved.items() if k != "id_number"},  # no ID number printed,
        )
        sent = manage("qinghai", "exchange_send").strip()
        check("青海 → 甘肃: approval delivered", "已送达 1 条" in sent, sent)
        state = shell(
            "gansu",
            SENDER_STATE.replace("PK", str(asked["member"])).replace("REF", repr(asked["ref"])),
        )
        check(
            "甘肃: membership closed (已退会, 转出 event), history kept",
            state["status"] == "left"
            and state["transfer"] == "approved"
            and len(state["events"]) >= 2,
            state["events"],
        )
        want = {"62": before["62"] - 1, "63": before["63"] + 1}
        seen = wait_until(lambda: national_sums() == want)
        check(
            "national totals follow the transfer (62 −1, 63 +1)", seen is not None, national_sums()
        )

        # 4. Redelivery changes nothing.
        shell("gansu", RESEND)
        shell("qinghai", RESEND)
        sent = (
            manage("gansu", "exchange_send").strip()
            + " / "
            + manage("qinghai", "exchange_send").strip()
        )
        time.sleep(1)
        with psycopg.connect(dsn("qinghai")) as c:
            n = c.execute(
                "SELECT count(*) FROM national_crosstransfer WHERE direction = 'in'"
            ).fetchone()[0]
            m = c.execute("SELECT count(*) FROM members_member").fetchone()[0]
        check(
            "every message delivered again: still one transfer in 青海, 21 members",
            (n, m) == (1, 21),
            sent,
        )
        check(
            "national totals unchanged after redelivery", national_sums() == want, national_sums()
        )
    finally:
        for web in webs:
            web.terminate()
            web.wait(10)
        if not args.keep:
            stop_clusters()
    print(
        f"{'FAILED: ' + ', '.join(failures) if failures else 'all checks passed'}"
        f" ({time.time() - started:.0f} s)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
