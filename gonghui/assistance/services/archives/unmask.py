"""Showing the household's ID numbers in full, to the PII permission only, audited."""

from __future__ import annotations

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.assistance.models import (
    Archive,
)
from gonghui.audit.services import (
    audit_record,
    audit_subjects_mark,
)
from gonghui.core.errors import Forbidden

PII_FORBIDDEN = "您没有查看完整身份证号的权限。"


def archive_unmask(*, actor: User, archive: Archive) -> dict[int, str]:
    """Household ID numbers in full (only with the PII permission), audited."""
    if not actor.has_perm(Perm.MEMBER_PII):
        audit_record(
            actor=actor,
            action="assistance.archive_unmask",
            obj=archive,
            org=archive.org,
            result="denied",
        )
        raise Forbidden(PII_FORBIDDEN)
    people = list(archive.household.all())
    with transaction.atomic(durable=True):
        log = audit_record(
            actor=actor,
            action="assistance.archive_unmask",
            obj=archive,
            org=archive.org,
            changes={"fields": ["household.id_number"], "people": len(people)},
        )
        # The applicant's own ID number is among them: it shows on his member page.
        audit_subjects_mark(
            log=log,
            queryset=Archive.objects.filter(pk=archive.pk),
            field="member",
            object_type="member",
        )
    return {p.pk: p.id_number for p in people}
