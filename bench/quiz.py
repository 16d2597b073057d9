"""Benchmark 网上练兵: 1,000 concurrent final submissions against gunicorn and PostgreSQL.

    .venv/bin/python bench/quiz.py                        # 1,000 members, 10% duplicate submits
    .venv/bin/python bench/quiz.py --members 200 --workers 2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_quiz .venv/bin/python bench/quiz.py

Creates (and at the end drops, unless --keep) the database named in DATABASE_URL, migrates it,
builds a small union tree, a published quiz of --questions questions and --members members,
each with a portal account (consent given), a logged-in session and an attempt started through
the real service (`attempt_start`). It then starts the production server setup — gunicorn with
gunicorn.conf.py and `gonghui.settings.production` (plain http, GONGHUI_HTTPS=0) — and, from as
many threads released at once, posts every member's 交卷 form with all his answers, plus a share
of duplicate posts of the same form (a double tap, a retry). Afterwards it proves from the
database that every attempt was scored once, with every answer sent stored exactly once and the
score the keys give, one 交卷 audit row per attempt, and the statistics rolled up with the
submits (人次, score sum) equal to a recount; and prints submissions/s and latency.
"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from members import drop_database, machine, recreate_database, setup_django

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_bench_quiz"
PORT = 8291
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "志强", "海燕", "文博", "丽娟", "国华", "春梅", "晓东", "玉兰"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--duplicates", type=float, default=0.1, help="share of double submits")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def build(args):
    """The tree, the quiz, the members with their accounts, sessions and started attempts.
    Returns [(attempt id, session key, {question id: choice}, expected score)]."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.accounts.permissions import ROLE_SYSADMIN
    from gonghui.competitions.models.quiz import Question, QuestionKind, QuizStatus
    from gonghui.competitions.quiz.attempts import attempt_start
    from gonghui.competitions.quiz.bank import question_create, quiz_create, quiz_set_status
    from gonghui.core import crypto
    from gonghui.members.idnumber import check_digit
    from gonghui.members.services import member_create
    from gonghui.orgs.models import Org, OrgType
    from gonghui.orgs.services import level_for
    from gonghui.portal.auth import SESSION_KEY
    from gonghui.portal.models import Worker
    from gonghui.portal.selectors import legal_documents_current
    from gonghui.portal.services.consent import consent_record

    rng = random.Random(args.seed)
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"migrate: {time.perf_counter() - t:.1f} s")

    def add(parent, name, org_type, code=""):
        kwargs = dict(
            name=name,
            org_type=org_type,
            level=level_for(org_type, parent),
            division_code=code or parent.division_code,
        )
        if parent is None:
            return Org.objects.add_root(create_kwargs=kwargs)
        return Org.objects.add_child(Org.objects.get(pk=parent.pk), create_kwargs=kwargs)

    province = add(None, "甘肃省总工会", OrgType.PROVINCE, "620000000000")
    city = add(province, "兰州市总工会", OrgType.CITY, "620100000000")
    bases = []
    for c, (county, code) in enumerate([("城关区总工会", "620102"), ("七里河区总工会", "620103")]):
        county_org = add(city, county, OrgType.COUNTY, f"{code}000000")
        street = add(
            county_org, f"{county[:3]}第{c + 1}街道工会", OrgType.TOWNSHIP, f"{code}001000"
        )
        for b in range(3):
            bases.append(add(street, f"{county[:3]}第{b + 1}公司工会", OrgType.BASE))
    admin = User.objects.create_user(username="bench_quiz", password=secrets.token_hex(8))
    admin.org = province
    admin.save()
    admin.groups.set(Group.objects.filter(name=ROLE_SYSADMIN))
    admin = User.objects.get(pk=admin.pk)

    now = timezone.now()
    quiz = quiz_create(
        actor=admin,
        host=city,
        title="兰州市职工网上练兵（压测）",
        description="",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        duration_minutes=60,
        attempts_allowed=1,
        draw_count=0,
        certificate_top=10,
    )
    kinds = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.JUDGE]
    for n in range(args.questions):
        kind = kinds[n % 3]
        question_create(
            actor=admin,
            quiz=quiz,
            kind=kind,
            text=f"第{n + 1}题：压测题目",
            options=["甲", "乙", "丙", "丁"],
            answer={"single": "B", "multiple": "ACD", "judge": "正确"}[kind],
            score=1 + n % 3,
        )
    quiz_set_status(actor=admin, quiz=quiz, status=QuizStatus.PUBLISHED)
    keys = {q.pk: q for q in Question.objects.filter(quiz=quiz)}

    t = time.perf_counter()
    documents = legal_documents_current()
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    plan = []
    for n in range(args.members):
        body = f"620102{date(1970, 1, 1) + timedelta(days=n * 7):%Y%m%d}{n % 1000:03d}"
        phone = f"139{n:08d}"
        member = member_create(
            actor=admin,
            org=bases[n % len(bases)],
            name=SURNAMES[n % len(SURNAMES)] + GIVEN[n // len(SURNAMES) % len(GIVEN)],
            id_number=body + check_digit(body),
            phone=phone,
            category="employed",
            joined_on=now.date(),
        )
        worker = Worker.objects.create(
            phone_enc=crypto.encrypt(phone),
            phone_hash=crypto.lookup_hash(phone),
            member=member,
        )
        if documents:
            consent_record(worker=worker, documents=documents)
        store = store_class()
        store[SESSION_KEY] = worker.pk
        store.create()
        attempt = attempt_start(member=member, quiz=quiz).attempt
        choices, expected = {}, 0
        for qid in attempt.question_ids:
            key = keys[qid]
            if rng.random() < 0.1:
                continue  # left blank
            right = rng.random() < 0.6
            choice = key.answer if right else ("A" if key.answer != "A" else "B")
            choices[qid] = choice
            expected += key.score if choice == key.answer else 0
        plan.append((attempt.pk, store.session_key, choices, expected))
    print(
        f"{args.members:,} members, accounts, sessions and started attempts: "
        f"{time.perf_counter() - t:.1f} s"
    )
    return quiz, plan


def start_server(args, url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings.production",
        "DATABASE_URL": url,
        "GONGHUI_HTTPS": "0",
        "GONGHUI_SMS_BACKEND": "gonghui.portal.sms.TestBackend",
        "GONGHUI_ALLOWED_HOSTS": "127.0.0.1",
    }
    command = [sys.executable, "-m", "gunicorn", "gonghui.wsgi", "-c", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers)]
    command += ["--access-logfile", "/dev/null", "--backlog", "4096"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(240):
        if server.poll() is not None:
            sys.exit("gunicorn exited")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/m/login/", timeout=2)
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    server.terminate()
    sys.exit("gunicorn did not answer")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fire(args, plan) -> tuple[list[tuple[float, int]], float]:
    """Every planned submit plus the duplicates, released at once; (latency, status) each."""
    from django.conf import settings

    rng = random.Random(args.seed + 1)
    duplicates = rng.sample(plan, int(len(plan) * args.duplicates))
    requests = [*plan, *duplicates]
    rng.shuffle(requests)
    opener = urllib.request.build_opener(NoRedirect)
    barrier = threading.Barrier(len(requests) + 1)
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def submit(attempt_id, session_key, choices, _expected):
        token = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
        body = [("csrfmiddlewaretoken", token)] + [(f"q_{q}", c) for q, c in choices.items()]
        request = urllib.request.Request(
            f"http://127.0.0.1:{args.port}/m/quiz/attempts/{attempt_id}/submit/",
            data=urllib.parse.urlencode(body).encode(),
            headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; "
                f"{settings.CSRF_COOKIE_NAME}={token}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        barrier.wait()
        started = time.perf_counter()
        try:
            status = opener.open(request, timeout=300).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = 0
        with lock:
            results.append((time.perf_counter() - started, status))

    threads = [threading.Thread(target=submit, args=r) for r in requests]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def prove(quiz, plan) -> list[str]:
    """What the database says against what was sent: the list of faults (empty: none)."""
    from gonghui.audit.models import AuditLog
    from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, AttemptStatus

    faults = []
    attempts = Attempt.objects.in_bulk([p[0] for p in plan])
    stored: dict[int, dict[int, str]] = {}
    for attempt_id, question_id, choice in AttemptAnswer.objects.filter(
        attempt__quiz=quiz
    ).values_list("attempt_id", "question_id", "choice"):
        if question_id in stored.setdefault(attempt_id, {}):
            faults.append(f"attempt {attempt_id}: question {question_id} stored twice")
        stored[attempt_id][question_id] = choice
    audits = {}
    for object_id in AuditLog.objects.filter(action="competitions.quiz.submitted").values_list(
        "object_id", flat=True
    ):
        audits[str(object_id)] = audits.get(str(object_id), 0) + 1
    for attempt_id, _key, choices, expected in plan:
        attempt = attempts[attempt_id]
        if attempt.status != AttemptStatus.SUBMITTED:
            faults.append(f"attempt {attempt_id}: {attempt.status}, not submitted")
        if stored.get(attempt_id, {}) != {q: c for q, c in choices.items()}:
            faults.append(f"attempt {attempt_id}: answers stored differ from those sent")
        if attempt.score != expected:
            faults.append(f"attempt {attempt_id}: score {attempt.score}, expected {expected}")
        if audits.get(str(attempt_id), 0) != 1:
            faults.append(f"attempt {attempt_id}: {audits.get(str(attempt_id), 0)} 交卷 rows")
    faults.extend(prove_rollups(quiz, plan))
    return faults


def prove_rollups(quiz, plan) -> list[str]:
    """The statistics rolled up with the submits: at the host, one 人次 per attempt and the sum
    of the scores; and the recount (`check_stats`) finds no difference in the quiz's figures."""
    from django.db.models import Sum

    from gonghui.metrics.models import OrgStat
    from gonghui.metrics.services import stats_differences

    faults = []
    rows = OrgStat.objects.filter(org_id=quiz.host_id).values("metric").annotate(n=Sum("value"))
    totals = {row["metric"]: row["n"] for row in rows}
    if totals.get("quiz_attempts", 0) != len(plan):
        faults.append(f"roll-up: {totals.get('quiz_attempts', 0)} 人次, expected {len(plan)}")
    if totals.get("quiz_score", 0) != sum(p[3] for p in plan):
        faults.append(f"roll-up: score sum {totals.get('quiz_score', 0)} differs")
    differences = [d for d in stats_differences() if d.metric.startswith("quiz")]
    if differences:
        faults.append(f"recount: {len(differences)} differences, e.g. {differences[:3]}")
    return faults


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/quiz.py needs a PostgreSQL DATABASE_URL")
    recreate_database(url)
    setup_django(url)
    from django.db import connection

    print(f"machine: {machine()}")
    print(f"database: PostgreSQL {connection.cursor().connection.info.server_version}")
    server = None
    try:
        quiz, plan = build(args)
        connection.close()
        server = start_server(args, url)
        print(f"gunicorn: {args.workers} workers (gunicorn.conf.py, settings.production)")
        results, seconds = fire(args, plan)
        latencies = sorted(r[0] * 1000 for r in results)
        statuses: dict[int, int] = {}
        for _, status in results:
            statuses[status] = statuses.get(status, 0) + 1
        duplicates = len(results) - len(plan)
        print(f"submissions: {len(plan):,} + {duplicates:,} duplicates, all released at once")
        print(f"HTTP statuses: {dict(sorted(statuses.items()))} (302: to the result page)")
        print(
            f"throughput: {len(results) / seconds:,.0f} submissions/s "
            f"({len(results):,} in {seconds:.2f} s)"
        )
        print(
            f"latency: p50 {statistics.median(latencies):.0f} ms, "
            f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, "
            f"max {latencies[-1]:.0f} ms"
        )
        faults = prove(quiz, plan)
        answers = sum(len(p[2]) for p in plan)
        if faults or statuses.get(302, 0) != len(results):
            print(f"FAILED: {len(faults)} faults, e.g. {faults[:5]}")
            return 1
        print(
            f"database: {len(plan):,} attempts scored once each, {answers:,} answers stored "
            "exactly as sent, every score as the keys give, one 交卷 audit row per attempt, "
            "the statistics' 人次 and score sum equal to the recount — "
            "no answer lost, none counted twice"
        )
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connection.close()
        if not args.keep:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
