"""Demo worker accounts for the portal (/m/): a certified member with an e-card, and a certified
non-member who can apply to join. Both log in with their phone and the demo password, and have
agreed to the current 用户协议 and 隐私政策 (a new version asks them again)."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import crypto
from gonghui.demo.accounts import DEMO_PASSWORD, demo_orgs
from gonghui.members.codes import Category
from gonghui.members.idnumber import check_digit
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.members.services import member_create
from gonghui.portal.models import Worker
from gonghui.portal.selectors import legal_documents_current
from gonghui.portal.services.consent import consent_record


@dataclass(frozen=True)
class DemoWorker:
    phone: str
    name: str
    id_body: str  # 17 digits; the check digit is computed
    member: bool


DEMO_WORKERS = (
    DemoWorker("13800138000", "王建国", "62010219850312351", member=True),
    DemoWorker("13800138001", "李晓燕", "62010319920718352", member=False),
)


@transaction.atomic
def ensure_demo_workers() -> list[DemoWorker]:
    """Create the demo workers that are missing; returns the ones created."""
    orgs = demo_orgs()
    union = orgs["street_base"]
    sysadmin = User.objects.filter(username="sysadmin").first()
    created = []
    for spec in DEMO_WORKERS:
        phone_hash = crypto.lookup_hash(spec.phone)
        if Worker.objects.filter(phone_hash=phone_hash).exists():
            continue
        id_number = spec.id_body + check_digit(spec.id_body)
        member = None
        if spec.member and union is not None and sysadmin is not None:
            member = holding_member_by_id_number(id_number) or member_create(
                actor=sysadmin,
                org=union,
                name=spec.name,
                id_number=id_number,
                phone=spec.phone,
                category=Category.EMPLOYED,
            )
        worker = Worker.objects.create(
            phone_enc=crypto.encrypt(spec.phone),
            phone_hash=phone_hash,
            password=make_password(DEMO_PASSWORD),
            name=spec.name,
            id_number_enc=crypto.encrypt(id_number),
            id_number_hash=crypto.lookup_hash(id_number),
            certified_at=timezone.now(),
            member=member,
        )
        # They registered like any worker: agreeing to the current 用户协议 and 隐私政策.
        consent_record(worker=worker, documents=legal_documents_current())
        created.append(spec)
    return created
