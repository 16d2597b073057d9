"""Org pickers on a 120,000-org tree (PostgreSQL): the search endpoint `/orgs/pick/` and the
tree page's search, server time through Django's test Client.

    .venv/bin/python bench/org_picker.py                  # 120,000 orgs
    .venv/bin/python bench/org_picker.py --orgs 30000     # quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_picker .venv/bin/python bench/org_picker.py

The tree is `bench/scale.py`'s (the real Gansu tree, the demo unions, then base unions under
every township and community up to `--orgs`), without members. Each query is timed for the
province admin (the whole tree: the worst case) and for 城关区's admin, purpose
`member_holding` (登记入会): a rare name (巨奥), a common word (街道), a common word on page 5,
a division code prefix, an exact social credit code, and a word no org holds (the full scan).
Target: median < 50 ms for each.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from members import (  # noqa: E402 - bench scripts import their sibling
    drop_database,
    prepare_database,
    recreate_database,
    setup_django,
    summary,
    timed,
)
from scale import add_base_unions  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gh_picker"
TARGET_MS = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/org_picker.py needs a PostgreSQL DATABASE_URL")
    recreate_database(url)
    setup_django(url)

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from gonghui.accounts.models import User
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN
    from gonghui.orgs.models import Org
    from gonghui.orgs.pickers import org_pickers

    try:
        prepare_database(args.seed)
        t = time.perf_counter()
        added = add_base_unions(args.orgs)
        print(f"base unions added: {added:,} in {time.perf_counter() - t:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"orgs: {Org.objects.count():,}")
        uscc = Org.objects.exclude(uscc="").values_list("uscc", flat=True).first()
        queries = [
            ("巨奥", "rare name"),
            ("街道", "common word"),
            ("街道&page=5", "common word, page 5"),
            ("620102", "division code prefix"),
            (uscc, "social credit code"),
            ("不存在的工会名", "no match (full scan)"),
        ]
        group = Group.objects.get(name=ROLE_UNION_ADMIN)
        tree = reverse("orgs:home")
        for org in (Org.objects.get(depth=1), Org.objects.get(name="城关区总工会")):
            user = User.objects.create_user(username=f"bench_{org.pk}", password="x", org=org)
            user.groups.add(group)
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            token = org_pickers.token("member_holding", user, {})
            scope = Org.objects.filter(path__startswith=org.path).count()
            print(f"{org.name} ({scope:,} orgs in scope):")
            for q, what in queries:
                text, _, page = q.partition("&page=")
                data = {"t": token, "q": text, "page": page or 1}
                path = reverse("orgs:pick")
                response = client.get(path, data, HTTP_HX_REQUEST="true")
                assert response.status_code == 200
                n = response.content.decode().count('role="option"')
                times = timed(lambda c=client, d=data, p=path: c.get(p, d), args.runs)
                median = sorted(times)[len(times) // 2]
                verdict = "met" if median < TARGET_MS else "MISSED"
                print(
                    f"  pick {what} ({n} shown): {summary(times)} — target < {TARGET_MS} ms: {verdict}"
                )
            times = timed(
                lambda c=client: c.get(tree, {"q": "巨奥"}, HTTP_HX_REQUEST="true"), args.runs
            )
            print(f"  tree page search (巨奥): {summary(times)}")
            times = timed(lambda c=client: c.get(tree), args.runs)
            print(f"  tree page (root line from the roll-up): {summary(times)}")
    finally:
        if not args.keep:
            connection.close()
            drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
