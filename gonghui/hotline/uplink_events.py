"""The hotline's exchange event (port "exchange events", gonghui/uplink/receivers.py): every
new case event goes upward, in order per case, as this JSON document (schema
`gonghui.uplink.case_event/1`; the transport and its retries are the upward link's). The stream is
the case number, so `Idempotency-Key` is `{case_number}#{seq}`, and a receiver treats a repeated
`event_id` as already received::

    {
      "schema": "gonghui.uplink.case_event/1",
      "event_id": 1234,                      # unique, stable across retries
      "case_number": "12351-20260302-0001",
      "seq": 3,                              # 1, 2, 3 … per case, without gaps; n+1 is
                                             # never sent before n was acknowledged
      "action": "dispatch",                  # intake dispatch accept return transfer note
                                             # contact close callback reopen supervise deadline
                                             # attach (hotline.codes.EventAction)
      "action_label": "派单",
      "at": "2026-03-02T09:10:00+08:00",     # when it happened, ISO 8601, Beijing time
      "org": {"division_code": "620000000000", "name": "甘肃省总工会"},
                                             # the union that acted (the holder for system steps)
      "holder": {"division_code": "620102000000", "name": "城关区总工会"},
                                             # the union holding the case after the step
      "from_org": {…} | null, "to_org": {…} | null,   # dispatch, transfer, return, reopen
      "status": "dispatched",                # the case's status after the step
      "status_label": "已派单",
      "case": {
        "channel": "phone", "kind": "demand", "category": "wages", "complexity": "hard",
        "received_at": "2026-03-02T09:00:00+08:00",
        "deadline": "2026-03-09T23:59:59.999999+08:00",
        "workplace_county": {"division_code": "620102000000", "name": "城关区总工会"} | null,
        "workers_affected": 12, "amount_involved": "80000.00"
      },
      "data": {…}                            # by action, only: result, money_recovered
                                             # (string, yuan), workers_benefited, lawyer_involved,
                                             # on_time (close); rating (callback); reopen_count,
                                             # deadline (reopen); supervise_count, overdue
                                             # (supervise); old, new (deadline)
    }

No personal data leaves: no caller name, phone, ID number or member link, no employer, and no
free text (description, notes, outcome, callback comment), which may name people.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from gonghui.hotline.codes import CaseStatus, EventAction
from gonghui.hotline.models import CaseEvent
from gonghui.uplink.receivers import register_exchange_event

SCHEMA = "gonghui.uplink.case_event/1"
ACTION_LABELS = dict(EventAction.choices)
STATUS_LABELS = dict(CaseStatus.choices)
BEIJING = ZoneInfo("Asia/Shanghai")
# What of CaseEvent.data may go up, per action.
DATA_FIELDS = {
    EventAction.CLOSE: ("result", "money_recovered", "workers_benefited", "on_time"),
    EventAction.CALLBACK: ("rating",),
    EventAction.REOPEN: ("reopen_count", "deadline"),
    EventAction.SUPERVISE: ("supervise_count", "overdue"),
    EventAction.DEADLINE: ("old", "new"),
}
# Of those, the times (kept in the timeline as ISO strings), sent in Beijing time as well.
TIME_FIELDS = {"deadline", "old", "new"}


def iso(value) -> str | None:
    return value.astimezone(BEIJING).isoformat() if value is not None else None


def org_ref(org) -> dict | None:
    if org is None:
        return None
    return {"division_code": org.division_code, "name": org.name}


def event_payload(event, seq: int) -> dict:
    case = event.case
    data = {key: event.data[key] for key in DATA_FIELDS.get(event.action, ()) if key in event.data}
    for key in TIME_FIELDS & data.keys():
        data[key] = iso(datetime.fromisoformat(data[key]))
    if event.action == EventAction.CLOSE:
        data["lawyer_involved"] = bool(event.data.get("lawyer"))
    return {
        "schema": SCHEMA,
        "event_id": event.pk,
        "case_number": case.number,
        "seq": seq,
        "action": event.action,
        "action_label": ACTION_LABELS.get(event.action, event.action),
        "at": iso(event.at),
        "org": org_ref(event.actor_org or case.holder),
        "holder": org_ref(case.holder),
        "from_org": org_ref(event.from_org),
        "to_org": org_ref(event.to_org),
        "status": case.status,
        "status_label": STATUS_LABELS.get(case.status, case.status),
        "case": {
            "channel": case.channel,
            "kind": case.kind,
            "category": case.category,
            "complexity": case.complexity,
            "received_at": iso(case.received_at),
            "deadline": iso(case.deadline),
            "workplace_county": org_ref(case.county),
            "workers_affected": case.workers_affected,
            "amount_involved": str(case.amount_involved),
        },
        "data": data,
    }


register_exchange_event(
    sender=CaseEvent, stream=lambda event: event.case.number, payload=event_payload
)
