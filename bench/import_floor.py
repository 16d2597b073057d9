"""The irreducible work of a member import (issue 17), measured by bench/import_members.py.

(a) the cryptography the design requires, the fastest way we have: SM4-GCM of every ID number
    and phone and their HMAC-SM3 look-up hashes, through the import's own batch path
    (`core.crypto_batch`: one SM4-ECB context per batch, GHASH by tables, one keyed HMAC
    context copied per value), `--workers` processes over the file as the import uses them;
(b) a COPY of the final rows (the members with their ciphertexts, hashes and card numbers, and
    their 入会 events) into the real, indexed tables, committed; then the tables are emptied
    (TRUNCATE: the bench's database holds no members before the import).

Everything else is prepared outside the timers: the rows' other fields (parsed with the
import's own `parse_row`), the org ids, and the COPY text itself (written to a temporary file
that (b) streams to the server, as the raw-COPY yardstick does with the CSV).
"""

import csv
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path

BATCH = 5000


def _escape(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _crypto(batch: list[tuple[str, str]]) -> tuple[float, list, list, list, list]:
    from gonghui.core.crypto_batch import encrypt_many, lookup_hashes

    ids = [number for number, _ in batch]
    phones = [phone for _, phone in batch]
    started = time.perf_counter()
    out = (encrypt_many(ids), lookup_hashes(ids), encrypt_many(phones), lookup_hashes(phones))
    return (time.perf_counter() - started, *out)


def _pairs(path: Path):
    """The file's (ID number, phone) in batches: the bench's values are already normal."""
    from gonghui.members.imports.template import HEADER

    id_col, phone_col = HEADER.index("证件号码"), HEADER.index("移动电话")
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        batch = []
        for raw in reader:
            batch.append((raw[id_col], raw[phone_col]))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def _batches(path: Path):
    from gonghui.members.imports.template import HEADER, parse_row

    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        batch = []
        for number, raw in enumerate(reader, start=2):
            cells = dict(zip(header, raw, strict=True))
            batch.append(parse_row(number, {c: cells.get(c) for c in HEADER}))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def measure(path: Path, *, actor_id: int, workers: int = 1) -> dict[str, float]:
    """Seconds of (a) and (b) over the file; see the module note."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gonghui.members.codes import Category, ChangeType
    from gonghui.members.models import Member, MembershipEvent
    from gonghui.orgs.models import Org

    orgs = dict(Org.objects.values_list("name", "id"))
    counties = {org.pk: org.county_code for org in Org.objects.only("division_code")}
    now = timezone.now()
    m_fields = Member._meta.concrete_fields
    e_fields = [f for f in MembershipEvent._meta.concrete_fields if not f.primary_key]
    m_defaults = {f.column: f.get_default() for f in m_fields}
    e_defaults = {f.column: f.get_default() for f in e_fields}
    crypto_s = 0.0
    members_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
    events_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM members_member")
        next_id = cursor.fetchone()[0] + 1
    pairs = list(_pairs(path))
    started = time.perf_counter()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_crypto, pairs))
        crypto_s = time.perf_counter() - started  # wall time, as the import sees it
    else:
        results = [_crypto(batch) for batch in pairs]
        crypto_s = sum(r[0] for r in results)
    del pairs
    for batch, (_s, id_enc, id_hash, phone_enc, phone_hash) in zip(
        _batches(path), results, strict=True
    ):
        for i, row in enumerate(batch):
            org_id = orgs[row.org_name]
            joined = row.joined_on or now.date()
            values = {
                **m_defaults,
                "category": Category.EMPLOYED,
                **row.fields,
                "id": next_id,
                "name": row.name,
                "id_number_enc": id_enc[i],
                "id_number_hash": id_hash[i],
                "phone_enc": phone_enc[i],
                "phone_hash": phone_hash[i],
                "gender": row.id.gender,
                "birth_date": row.id.birth_date,
                "org_id": org_id,
                "joined_on": joined,
                "card_number": f"{counties[org_id]}{next_id:010d}",
                "status": row.status,
                "status_changed_on": joined,
                "created_at": now,
                "updated_at": now,
            }
            members_file.write("\t".join(_escape(values[f.column]) for f in m_fields) + "\n")
            event = {
                **e_defaults,
                "member_id": next_id,
                "change_type": ChangeType.JOIN,
                "changed_on": joined,
                "reason": "",
                "org_id": org_id,
                "actor_id": actor_id,
                "created_at": now,
            }
            events_file.write("\t".join(_escape(event[f.column]) for f in e_fields) + "\n")
            next_id += 1
    out = {"crypto": crypto_s}
    # Committed, as an import's rows must be (the WAL flushed), then emptied: the bench's
    # database holds no members before the import.
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for key, model, fields, f in (
            ("copy_members", Member, m_fields, members_file),
            ("copy_events", MembershipEvent, e_fields, events_file),
        ):
            f.seek(0)
            sql = f"COPY {model._meta.db_table} ({', '.join(x.column for x in fields)}) FROM STDIN"
            started = time.perf_counter()
            with cursor.cursor.copy(sql) as copy:
                while data := f.read(1 << 20):
                    copy.write(data)
            out[key] = time.perf_counter() - started
            f.close()
    out["commit"] = time.perf_counter() - began - out["copy_members"] - out["copy_events"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {Member._meta.db_table}, {MembershipEvent._meta.db_table} CASCADE"
        )
    return out
