"""Drill 4 of issue 18: a soak — mixed load through nginx for minutes, 0 errors, memory flat.

    /work/main/.venv/bin/python deploy/drills/drill_soak.py [--minutes 10] [--threads 8]

The load is a pool of Python threads through nginx, each with its own keep-alive sessions,
taking in turn: the county admin's pages (member list, statistics, 待办, sites), a worker's
portal pages (/m/, the member card, his 12351 cases), a read-routed list (the replica) and a
write (a 12351 agent registers a call through the API; the case numbers go into the ledger).
The threads send as fast as the stack answers: the rate printed is what the machine held
(the 2 cores also run both databases, Redis, nginx, the worker and this load generator).

Memory of every process of the stack (`drillkit.stack_groups`) is sampled before the load, after
--warmup seconds, in the middle and at the end, and printed. Flat means: the middle and end
samples ≤ 1.2 × the warm-up sample + 2 MiB (`drillkit.memory_flat`) — by RSS for the app
servers, the loops, Redis and nginx; by private memory (USS) for each PostgreSQL cluster, whose
processes share the buffer pool: it fills up to shared_buffers as pages are read or replayed
(a cache warming, bounded, counted again in every backend's RSS), while a leak would be private.
Checks: 0 failed requests, every acknowledged write on the primary, memory flat.
"""

import argparse
import statistics
import sys
import time

from drillkit import (
    Load,
    MiB,
    Verdict,
    count,
    ledger_missing,
    memory_flat,
    print_counts,
    sample_memory,
    stored_case_numbers,
)


def measure(sample: dict, group: str) -> int:
    return sample[group]["private" if group.startswith("postgres") else "rss"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=60, help="seconds before the baseline")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    verdict = Verdict()
    seconds = args.minutes * 60

    samples = {"before the load": sample_memory()}
    load = Load(threads=args.threads, mix=["staff", "worker", "replica", "write"])
    pool = load.start()
    began = time.monotonic()
    for name, at in (
        ("after warm-up", min(args.warmup, seconds / 3)),
        ("middle", seconds / 2),
        ("end", seconds),
    ):
        time.sleep(max(0.0, began + at - time.monotonic()))
        samples[name] = sample_memory()
        done = len(load.results)
        print(f"[{time.monotonic() - began:6.1f} s] {name}: {done} requests so far", flush=True)
    load.finish(pool)
    elapsed = time.monotonic() - began

    results = list(load.results)
    by_kind = {kind: [r for r in results if r.kind == kind] for kind in load.mix}
    print_counts(
        f"load: {len(results)} requests in {elapsed:.0f} s, {args.threads} threads", by_kind
    )
    latencies = sorted(r.ended - r.started for r in results)
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0
    print(
        f"  rate {len(results) / elapsed:.1f} req/s; latency p50 "
        f"{statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
    )
    total = count(results)
    verdict.check("0 failed requests", total["failed"] == 0 and total["requests"] > 0, total)
    missing = ledger_missing(load.ledger, stored_case_numbers(load.ledger))
    verdict.check(
        f"every acknowledged write is on the primary ({len(load.ledger)} case numbers)",
        not missing and len(load.ledger) > 0,
        missing[:5] if missing else len(load.ledger),
    )

    names = list(samples)
    print(f"memory (MiB; RSS, private memory for PostgreSQL): {' / '.join(names)}")
    for group in samples["before the load"]:
        row = [measure(samples[name], group) for name in names]
        warm, middle, end = row[1], row[2], row[3]
        flat = memory_flat(warm, middle) and memory_flat(warm, end)
        figures = " / ".join(f"{value / MiB:7.1f}" for value in row)
        processes = len(samples["end"][group]["processes"])
        verdict.check(f"{group:<32} flat  {figures}  ({processes} processes)", flat)
    print("processes at the end (RSS MiB):")
    for group, sample in samples["end"].items():
        each = ", ".join(f"{pid}:{rss / MiB:.0f}" for pid, rss in sample["processes"].items())
        print(f"  {group:<32} {each}")
    return verdict.exit_code()


if __name__ == "__main__":
    sys.exit(main())
