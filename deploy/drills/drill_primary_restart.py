"""Drill 2 of issue 18: the primary PostgreSQL restarted under load; nothing acknowledged is lost.

    /work/main/.venv/bin/python deploy/drills/drill_primary_restart.py [--seconds 60] [--down 5]

Mixed load through nginx (threads, each with its own logged-in sessions): the county admin's
pages (member list, statistics, 待办, sites), a worker's portal pages, and WRITES — a 12351 agent
registers calls with POST /api/v1/hotline/cases; the number of every case the server answers
201 for goes into an id ledger. A third of the way in, the primary is stopped
(`local-stack.sh stop primary`, pg_ctl -m fast), stays down --down seconds, and is started
again (`start primary`, which returns once it accepts connections). The rule:

- requests that ended before the stop: 0 failures;
- the restart window: requests in flight at the stop or started while the primary is down,
  and those started in the first --settle seconds (default 2) after it accepts connections
  again: failures are counted and printed (each phase apart), not judged;
- requests started after the window: 0 failures (the app servers are not restarted);
- with --quiet the load pauses from the stop until the primary is back, and --settle is 0:
  every app server process still holds persistent connections (CONN_MAX_AGE) that died with
  the primary, and not one request may fail after it is back (CONN_HEALTH_CHECKS checks them
  before a request's first query; without it each process's first request answers 500);
- every ledger number is a row of hotline_case on the primary;
- /healthz answers 200 again (database, replica, cache, worker) within 60 s.
"""

import argparse
import sys
import time

from drillkit import (
    Client,
    Load,
    Verdict,
    count,
    ledger_missing,
    local_stack,
    print_counts,
    restart_phases,
    stored_case_numbers,
    wait_healthy,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the load")
    parser.add_argument("--down", type=float, default=5, help="seconds the primary stays down")
    parser.add_argument("--settle", type=float, default=2, help="seconds after it is back")
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="pause the load while the primary is down: every app server keeps its persistent"
        " connections, dead after the restart (what CONN_HEALTH_CHECKS is for)",
    )
    args = parser.parse_args()
    verdict = Verdict()

    load = Load(threads=args.threads, mix=["staff", "write", "worker", "write"])
    pool = load.start()
    began = time.monotonic()
    time.sleep(args.seconds / 3)
    print(f"[{time.monotonic() - began:5.1f} s] 停止主库 (stop primary)")
    if args.quiet:
        load.running.clear()
        time.sleep(2)  # the requests in flight end
    stopped = time.monotonic()
    local_stack("stop", "primary")
    time.sleep(args.down)
    print(f"[{time.monotonic() - began:5.1f} s] 启动主库 (start primary)")
    back = local_stack("start", "primary")
    print(f"[{back - began:5.1f} s] 主库接受连接")
    load.running.set()
    time.sleep(max(0.0, began + args.seconds - time.monotonic()))
    load.finish(pool)

    settle = 0.0 if args.quiet else args.settle
    phases = restart_phases(load.results, stopped, back, settle)
    print_counts(
        f"load: {len(load.results)} requests in {time.monotonic() - began:.0f} s, "
        f"{args.threads} threads; primary down {back - stopped:.1f} s (stop → accepts connections)",
        phases,
    )
    before, down, settling, after = (count(p) for p in phases.values())
    verdict.check(
        "no failure among requests that ended before the stop", before["failed"] == 0, before
    )
    print(f"       failures while the primary was down: {down['failed']} of {down['requests']}")
    print(
        f"       failures in the first {settle:g} s after it is back: "
        f"{settling['failed']} of {settling['requests']}"
    )
    verdict.check(
        f"no failure among requests started > {settle:g} s after the primary is back",
        after["failed"] == 0 and after["requests"] > 0,
        after,
    )
    writes_after = sum(1 for r in phases["after the window"] if r.kind == "write" and r.ok)
    verdict.check("writes acknowledged after the restart", writes_after > 0, writes_after)

    missing = ledger_missing(load.ledger, stored_case_numbers(load.ledger))
    verdict.check(
        f"every acknowledged write is on the primary ({len(load.ledger)} case numbers)",
        not missing and len(load.ledger) > 0,
        missing[:5] if missing else len(load.ledger),
    )
    health = wait_healthy(Client())
    verdict.check(
        "/healthz 200 again (database, replica, cache, worker)", health.get("status") == 200, health
    )
    return verdict.exit_code()


if __name__ == "__main__":
    sys.exit(main())
