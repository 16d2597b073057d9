"""The file side of a member import: rows parsed and sealed (ID number and phone encrypted and
hashed) a batch at a time — on a large file in worker processes, while the importer writes.

`parse_batch` is the whole per-row work that needs no database: the blank-row check,
`parse_row`, and the cryptography of the batch (`core.crypto_batch`). For a file of at least
`PARALLEL_MIN_ROWS` rows, batches go to `WORKERS` forked processes (at most
`AHEAD` batches each in flight, so memory stays flat whatever the file's size) and come back in
file order; the importer (one writer, the only process with a database connection) checks them
against the database and writes them meanwhile. Otherwise, and wherever `fork` is missing, the
same function runs inline: both ways give the same rows, errors and ciphertext format.

Every row is sealed, new or not: a re-imported member's ciphertexts are then not used (a
changed phone is encrypted again by the importer), which costs less than a second round trip.
"""

import multiprocessing
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from gonghui.core.crypto_batch import encrypt_many, lookup_hashes
from gonghui.core.tabular import cells_of, text
from gonghui.members.imports.template import CellError, MemberRow, parse_row

PARALLEL_MIN_ROWS = 20_000
WORKERS = 2
AHEAD = 3


@dataclass
class Sealed:
    id_hash: str
    id_enc: bytes
    phone_enc: bytes
    phone_hash: str


@dataclass
class ParsedBatch:
    rows: list[MemberRow] = field(default_factory=list)
    sealed: list[Sealed] = field(default_factory=list)  # one per row
    # (row number, column, raw value, message) of the rows that could not be parsed
    errors: list[tuple[int, str, str, str]] = field(default_factory=list)
    read: int = 0  # non-blank rows


def parse_batch(batch: list[tuple[int, object]], index: list, today: date) -> ParsedBatch:
    """A batch of `Table.records` (row number, raw row) parsed and sealed."""
    out = ParsedBatch()
    for number, raw in batch:
        cells = cells_of(raw, index)
        if not any(text(v) for v in cells.values()):
            continue  # blank row
        out.read += 1
        try:
            out.rows.append(parse_row(number, cells, today=today))
        except CellError as exc:
            out.errors.append((number, exc.column, exc.value, exc.message))
    ids = [r.id.number for r in out.rows]
    phones = [r.phone for r in out.rows]
    encrypted = encrypt_many(ids + phones)
    n = len(ids)
    out.sealed = [
        Sealed(h, encrypted[i], encrypted[n + i], p)
        for i, (h, p) in enumerate(zip(lookup_hashes(ids), lookup_hashes(phones), strict=True))
    ]
    return out


def _raw_batches(rows: Iterator[tuple[int, dict]], size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def parsed_batches(
    records: Iterator[tuple[int, object]],
    *,
    index: list[tuple[int, str]],
    size: int,
    today: date,
    workers: int,
) -> Iterator[ParsedBatch]:
    """The file's records (`Table.records`), `size` at a time, parsed and sealed, in file
    order."""
    batches = _raw_batches(records, size)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            yield parse_batch(batch, index, today)
        return
    # fork: the workers start at once and share the loaded code; they never touch the
    # database (the inherited connection's socket is left alone: workers end with os._exit).
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending = deque()
        for batch in batches:
            pending.append(pool.apply_async(parse_batch, (batch, index, today)))
            if len(pending) >= workers * AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
