from django_tasks import task

from gonghui.uplink.services import uplink_send_due


@task()
def uplink_send() -> dict:
    """Send the due outbox messages; enqueued after each transaction that wrote case events.
    Retries after failures are the `uplink_send --every` loop's job."""
    report = uplink_send_due()
    return {"sent": report.sent, "failed": report.failed, "skipped": report.skipped}
