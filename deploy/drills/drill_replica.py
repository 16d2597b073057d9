"""Drill 3 of issue 18: the replica stopped and started under load; reads fall back to the
primary and come back, no errors.

    /work/main/.venv/bin/python deploy/drills/drill_replica.py [--seconds 60]

Load through nginx on the pages read routing sends to the replica (the county admin's member
list and sites list, no gh_primary cookie); `X-Gonghui-Read-Db` says which databases served each
answer. A third of the way in the replica is stopped (`local-stack.sh stop replica`), two
thirds in it is started again (`start replica`). Phases, by the time a request started:

- replica up: reads served by the replica;
- switching to the primary (from the stop command until --switch s after it returns, default
  2, and every read still in flight when the stop began): failures counted — only a read in
  flight on the replica when it stops may fail, so at most one per thread;
- replica down: every read served by `default`, 0 failures;
- switching back (REPLICA_RETRY_SECONDS = 5 s of gonghui/core/dbrouting.py, +--switch):
  counted, not judged;
- replica back: reads served by the replica again, 0 failures.
Everything is printed per phase; the drill fails on any error outside the switches, and on
more than --switch-errors errors in the switches (default: --threads, one per read in flight).
"""

import argparse
import sys
import time

from drillkit import Load, Verdict, count, local_stack, print_counts, split_by_time

RETRY = 5.0  # gonghui.core.dbrouting.REPLICA_RETRY_SECONDS


def on_replica(results) -> int:
    return sum(1 for r in results if "replica" in r.read_db)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the load")
    parser.add_argument("--switch", type=float, default=2, help="seconds allowed per switch")
    parser.add_argument("--switch-errors", type=int, help="default: --threads")
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if args.switch_errors is None:
        args.switch_errors = args.threads
    verdict = Verdict()

    load = Load(threads=args.threads, mix=["replica"])
    pool = load.start()
    began = time.monotonic()
    time.sleep(args.seconds / 3)
    print(f"[{time.monotonic() - began:5.1f} s] 停止备库 (stop replica)")
    stopped = time.monotonic()
    stop_returned = local_stack("stop", "replica")
    time.sleep(max(0.0, began + 2 * args.seconds / 3 - time.monotonic()))
    print(f"[{time.monotonic() - began:5.1f} s] 启动备库 (start replica)")
    starting = time.monotonic()
    started = local_stack("start", "replica")
    print(f"[{started - began:5.1f} s] 备库接受连接")
    time.sleep(max(0.0, began + args.seconds - time.monotonic()))
    load.finish(pool)

    phases = split_by_time(
        load.results,
        [
            ("replica up", began),
            ("switching to the primary", stopped),
            ("replica down", stop_returned + args.switch),
            ("switching back", starting),
            ("replica back", started + RETRY + args.switch),
        ],
        lenient=("switching to the primary", "switching back"),
    )
    print_counts(
        f"load: {len(load.results)} reads in {time.monotonic() - began:.0f} s, {args.threads} threads",
        phases,
    )
    up, to_primary, down, back_switch, back = (count(p) for p in phases.values())
    verdict.check(
        "replica up: no failure, reads on the replica",
        up["failed"] == 0
        and up["requests"] > 0
        and on_replica(phases["replica up"]) == up["requests"],
        up,
    )
    verdict.check(
        "replica down: no failure, every read on the primary",
        down["failed"] == 0 and down["requests"] > 0 and on_replica(phases["replica down"]) == 0,
        down,
    )
    verdict.check(
        "replica back: no failure, reads on the replica again",
        back["failed"] == 0
        and back["requests"] > 0
        and on_replica(phases["replica back"]) == back["requests"],
        back,
    )
    switch_errors = to_primary["failed"] + back_switch["failed"]
    verdict.check(
        f"errors in the switches ≤ {args.switch_errors}",
        switch_errors <= args.switch_errors,
        switch_errors,
    )
    return verdict.exit_code()


if __name__ == "__main__":
    sys.exit(main())
