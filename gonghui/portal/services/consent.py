"""Consent (PIPL art. 14, 15, 17): the 用户协议 and 隐私政策 a worker agrees to, a new version
asked again, and closing the portal account, which withdraws the consent.

A closed account cannot log in again; the member record, which belongs to the union's registry,
stays with the union, and so do the applications and requests that refer to the account.
"""

from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.orgs.models import Org
from gonghui.portal.models import (
    ConsentRecord,
    JoinApplication,
    LegalDocument,
    LegalKind,
    RequestStatus,
    Worker,
)
from gonghui.portal.selectors import legal_document_get

CONSENT_REQUIRED = "请阅读并勾选同意《用户协议》和《隐私政策》后再继续。"
CLOSE_CONFIRM_REQUIRED = "请勾选“我已了解注销的后果，确认注销”后再提交。"
ACCOUNT_ALREADY_CLOSED = "该账号已注销。"
LEGAL_MANAGE_DENIED = "用户协议和隐私政策由省总工会的系统管理员维护，您没有发布的权限。"
LEGAL_KIND_INVALID = "协议类型不正确。"
LEGAL_TITLE_REQUIRED = "请填写标题。"
LEGAL_TITLE_TOO_LONG = "标题不能超过100个字。"
LEGAL_BODY_REQUIRED = "请填写正文。"
LEGAL_UNCHANGED = "标题和正文与当前版本相同，无需发布新版本。"


def _audit_org(worker: Worker) -> Org | None:
    # Filed under the worker's union when he has one, else the root, for its auditors.
    if worker.member_id:
        return worker.member.org
    return Org.objects.filter(depth=1).order_by("path").first()


def _labels(documents) -> list[str]:
    return [str(d) for d in documents]


def consent_record(*, worker: Worker, documents: Sequence[LegalDocument]) -> list[ConsentRecord]:
    """Record that `worker` agreed to these versions now (in the caller's transaction)."""
    now = timezone.now()
    rows = []
    for document in documents:
        row, created = ConsentRecord.objects.get_or_create(
            worker=worker, document=document, defaults={"accepted_at": now}
        )
        if not created and row.withdrawn_at is not None:
            row.accepted_at, row.withdrawn_at = now, None
            row.save(update_fields=["accepted_at", "withdrawn_at"])
        rows.append(row)
    return rows


@transaction.atomic(durable=True)
def worker_consent_accept(
    *, worker: Worker, documents: Sequence[LegalDocument], agreed: bool
) -> list[ConsentRecord]:
    """The worker agrees to new versions (the page shown after a new version was published)."""
    if not agreed:
        raise ApplicationError(CONSENT_REQUIRED, code="consent_required", field="agree")
    rows = consent_record(worker=worker, documents=documents)
    audit_record(
        actor=None,
        action="portal.consent",
        obj=worker,
        org=_audit_org(worker),
        object_repr=f"职工#{worker.pk} {worker.phone_masked}",
        changes={"documents": _labels(documents)},
    )
    return rows


@transaction.atomic(durable=True)
def worker_account_close(*, worker: Worker, confirmed: bool) -> Worker:
    """注销账号: withdraw every consent and close the portal account.

    The account can no longer log in (its sessions end: a session only reaches active accounts)
    and its password is deleted. Join applications still pending are withdrawn, since the
    union may no longer process them; the member record and its history stay with the union.
    """
    if not confirmed:
        raise ApplicationError(CLOSE_CONFIRM_REQUIRED, code="confirm_required", field="confirm")
    worker = (
        Worker.objects.select_for_update(of=("self",))
        .select_related("member__org")
        .get(pk=worker.pk)
    )
    if not worker.is_active:
        raise ApplicationError(ACCOUNT_ALREADY_CLOSED, code="account_closed")
    now = timezone.now()
    worker.is_active = False
    worker.closed_at = now
    worker.password = ""
    worker.save(update_fields=["is_active", "closed_at", "password"])
    withdrawn = list(
        ConsentRecord.objects.filter(worker=worker, withdrawn_at__isnull=True).select_related(
            "document"
        )
    )
    ConsentRecord.objects.filter(pk__in=[r.pk for r in withdrawn]).update(withdrawn_at=now)
    pending = JoinApplication.objects.filter(worker=worker, status=RequestStatus.PENDING)
    applications = list(pending.values_list("pk", flat=True))
    pending.update(status=RequestStatus.WITHDRAWN, decided_at=now)
    audit_record(
        actor=None,
        action="portal.account_close",
        obj=worker,
        org=_audit_org(worker),
        object_repr=f"职工#{worker.pk} {worker.phone_masked}",
        changes={
            "withdrawn": _labels(r.document for r in withdrawn),
            "member": worker.member_id,
            "join_applications_withdrawn": applications,
        },
    )
    return worker


def _require_legal_manager(actor: User) -> None:
    org = getattr(actor, "org", None)
    if not actor.has_perm(Perm.LEGAL_MANAGE) or org is None or org.depth != 1:
        raise denial(
            Forbidden(LEGAL_MANAGE_DENIED),
            actor=actor,
            action="access.denied",
            object_repr="用户协议与隐私政策",
            changes={"permission": Perm.LEGAL_MANAGE},
        )


@atomic_keeping_denials(durable=True)
def legal_document_publish(*, actor: User, kind: str, title: str, body: str) -> LegalDocument:
    """Publish the next version of a kind; the earlier ones stay as they were.

    Every worker is asked to agree again at his next page view."""
    _require_legal_manager(actor)
    if kind not in LegalKind.values:
        raise ApplicationError(LEGAL_KIND_INVALID, field="kind")
    title, body = (title or "").strip(), (body or "").strip().replace("\r\n", "\n")
    if not title:
        raise ApplicationError(LEGAL_TITLE_REQUIRED, field="title")
    if len(title) > 100:
        raise ApplicationError(LEGAL_TITLE_TOO_LONG, field="title")
    if not body:
        raise ApplicationError(LEGAL_BODY_REQUIRED, field="body")
    legal_document_get(kind)  # version 1 exists from here on
    if connection.vendor == "postgresql":
        # Two publishers at once: the second waits here, then sees the first one's version.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"legal:{kind}"])
    latest = LegalDocument.objects.filter(kind=kind).order_by("-version")[0]
    if latest.title == title and latest.body == body:
        raise ApplicationError(LEGAL_UNCHANGED, code="unchanged", field="body")
    document = LegalDocument.objects.create(
        kind=kind,
        version=latest.version + 1,
        title=title,
        body=body,
        published_at=timezone.now(),
        published_by=actor,
    )
    audit_record(
        actor=actor,
        action="portal.legal_publish",
        obj=document,
        org=actor.org,
        changes={"kind": kind, "version": document.version, "title": title},
    )
    return document
