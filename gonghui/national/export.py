"""The export of the roll-ups to the national platform (docs/scale.md, "The nation").

On PostgreSQL a row trigger on `stats_orgstat` (migration 0002) keeps `national_orgstat` equal to
the roll-ups of the regional federations (省、市、县总工会) with a division code, in the same
transaction as every roll-up write. The national side subscribes to the province's publication.
`export_differences` and `export_rebuild` are `manage.py national_export check|rebuild`.

The SQL names the two tables only: the export reads what the metrics and orgs apps store,
without importing their models (a trigger cannot anyway)."""

from django.db import connection, transaction

PUBLICATION = "gonghui_national"

# The roll-up rows that are exported, as export rows (also the body of `export_rebuild`).
EXPORTED_ROWS = """
    SELECT left(o.division_code, 2), o.division_code, o.level, s.metric, s.period, s.value
    FROM stats_orgstat s JOIN orgs_org o ON o.id = s.org_id
    WHERE o.org_type IN ('province', 'city', 'county') AND o.division_code <> ''
"""

# The same selection for one roll-up row, in the trigger (REC is OLD or NEW).
_ONE_ORG = """
        FROM orgs_org o
        WHERE o.id = {rec}.org_id
          AND o.org_type IN ('province', 'city', 'county') AND o.division_code <> ''
"""

TRIGGER_SQL = f"""
CREATE FUNCTION national_orgstat_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.org_id, OLD.metric, OLD.period)
            IS DISTINCT FROM (NEW.org_id, NEW.metric, NEW.period)) THEN
        DELETE FROM national_orgstat n
        USING (SELECT left(o.division_code, 2) AS province_code, o.division_code AS org_code
               {_ONE_ORG.format(rec="OLD")}) k
        WHERE n.province_code = k.province_code AND n.org_code = k.org_code
          AND n.metric = OLD.metric AND n.period = OLD.period;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO national_orgstat (province_code, org_code, level, metric, period, value)
        SELECT left(o.division_code, 2), o.division_code, o.level, NEW.metric, NEW.period,
               NEW.value
        {_ONE_ORG.format(rec="NEW")}
        ON CONFLICT (province_code, org_code, metric, period) DO UPDATE
            SET value = EXCLUDED.value, level = EXCLUDED.level
            -- an unchanged figure writes nothing (and replicates nothing)
            WHERE (national_orgstat.value, national_orgstat.level)
                IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.level);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER national_orgstat_sync
    AFTER INSERT OR UPDATE OR DELETE ON stats_orgstat
    FOR EACH ROW EXECUTE FUNCTION national_orgstat_sync();
"""

DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS national_orgstat_sync ON stats_orgstat;
DROP FUNCTION IF EXISTS national_orgstat_sync();
"""

# What the national cluster runs once (the table), then once per province (the subscription).
NATIONAL_TABLE_SQL = """CREATE TABLE IF NOT EXISTS national_orgstat (
    province_code varchar(2)  NOT NULL,
    org_code      varchar(12) NOT NULL,
    level         smallint    NOT NULL,
    metric        varchar(40) NOT NULL,
    period        varchar(7)  NOT NULL,
    value         bigint      NOT NULL,
    PRIMARY KEY (province_code, org_code, metric, period)
);"""

SUBSCRIPTION_SQL = (
    "CREATE SUBSCRIPTION province_{code} CONNECTION '{conninfo}' PUBLICATION " + PUBLICATION + ";"
)

Row = tuple[str, str, int, str, str, int]


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError("national_orgstat is maintained on PostgreSQL only")


def _rows(sql: str) -> set[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tuple(row) for row in cursor.fetchall()}


def export_differences() -> tuple[set[Row], set[Row]]:
    """(rows the roll-ups imply but the export lacks or holds otherwise, rows the export holds
    that the roll-ups do not imply); both empty when the export is right."""
    _require_postgresql()
    expected = _rows(EXPORTED_ROWS)
    stored = _rows(
        "SELECT province_code, org_code, level, metric, period, value FROM national_orgstat"
    )
    return expected - stored, stored - expected


@transaction.atomic
def export_rebuild() -> int:
    """Refill the export from the roll-ups (after an org's division code or type changed)."""
    _require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM national_orgstat")
        cursor.execute(
            "INSERT INTO national_orgstat (province_code, org_code, level, metric, period, value)"
            + EXPORTED_ROWS
        )
        return cursor.rowcount


def publish() -> bool:
    """Create the province's publication of the export; False if it exists already."""
    _require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_publication WHERE pubname = %s", [PUBLICATION])
        if cursor.fetchone():
            return False
        cursor.execute(f"CREATE PUBLICATION {PUBLICATION} FOR TABLE national_orgstat")
        return True
