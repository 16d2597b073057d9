"""Benchmark a key rotation: `reencrypt_pii` over a member registry (PostgreSQL).

    .venv/bin/python bench/reencrypt.py                       # 100,000 members
    .venv/bin/python bench/reencrypt.py --members 1000000 --batch 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_rbench .venv/bin/python bench/reencrypt.py

Re-creates (and at the end drops, unless --keep) the database named in DATABASE_URL, writes
--members members under key version 1 as bench/members.py does (COPY), then makes version 2
current with version 1 still readable, runs the re-encryption of `manage.py reencrypt_pii`
(gonghui.core.pii) and prints members re-encrypted per second. Target: a province's 10 million
members in one night (8 hours), i.e. at least 350 members a second. Then it checks that nothing
is left on version 1 and that, with version 1 removed, sampled members are still found by their
ID number.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402
    DEFAULT_URL,
    drop_database,
    prepare_database,
    recreate_database,
    setup_django,
    write_members,
)

TARGET_PER_SECOND = 10_000_000 / (8 * 3600)
NEW_KEY = "5a4b3c2d1e0f9e8d7c6b5a4938271605" * 2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def main() -> int:
    import os

    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    setup_django(url)
    from django.conf import settings
    from django.test import override_settings

    from gonghui.core import crypto, pii
    from gonghui.members.selectors import holding_member_by_id_number

    prepare_database(args.seed)
    sample, seconds = write_members(args.members, args.seed, 20)
    print(f"members written under key version {crypto.current_version()}: {seconds:.1f} s")
    old_key = settings.PII_KEY
    try:
        with override_settings(PII_KEY=NEW_KEY, PII_KEY_VERSION=2, PII_KEYS=f"1:{old_key}"):
            shown = {"at": 0}

            def progress(report: pii.ModelReport) -> None:
                if report.scanned - shown["at"] >= 100_000:
                    shown["at"] = report.scanned
                    rate = report.scanned / (time.perf_counter() - started)
                    print(
                        f"  {report.label}: {report.scanned:>9,} rows ({rate:,.0f}/s)", flush=True
                    )

            started = time.perf_counter()
            reports = pii.reencrypt_all(batch=args.batch, progress=progress)
            elapsed = time.perf_counter() - started
            member = next(r for r in reports if r.label == "members.Member")
            rate = member.rewritten / elapsed
            verdict = "met" if rate >= TARGET_PER_SECOND else "MISSED"
            print(
                f"re-encrypted {member.rewritten:,} members (2 ciphertexts + 2 hashes each) in "
                f"{elapsed:.1f} s: {rate:,.0f} members/s (batch {args.batch}) — target "
                f">= {TARGET_PER_SECOND:,.0f}/s (10 M in 8 h): {verdict}"
            )
            left = pii.leftovers()
            print(f"left on an older version: {left or 'nothing'}")
        with override_settings(PII_KEY=NEW_KEY, PII_KEY_VERSION=2, PII_KEYS=""):
            found = sum(holding_member_by_id_number(number) is not None for number, _ in sample)
            print(f"version 1 removed: {found}/{len(sample)} sampled members found by ID number")
        return 0 if verdict == "met" and not left and found == len(sample) else 1
    finally:
        if not args.keep:
            from django.db import connection

            connection.close()
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
