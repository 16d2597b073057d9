"""Two provinces in one test database: 甘肃 (62, the test tree and the test key ring) and 青海
(63, a few orgs of its own and a key ring of its own), switched by settings. Each side encrypts
under its own keys, so neither can read the other's ciphertexts."""

from contextlib import contextmanager

import pytest
from django.test import override_settings

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.metrics.services import stats_rollup
from gonghui.national.models import Direction, ExchangeMessage, MessageStatus
from gonghui.national.sending import outgoing
from gonghui.national.services import exchange_receive
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import level_for

PEER_KEY = "a1" * 32
QINGHAI_PII_KEY = "5e" * 32
QH_USCC = "91630100MA7QH0001K"
GS_URL = "http://gansu.invalid/national/exchange/"
QH_URL = "http://qinghai.invalid/national/exchange/"


@contextmanager
def gansu():
    with override_settings(NATIONAL_PROVINCE_CODE="62", NATIONAL_PEERS=f"63={QH_URL}|{PEER_KEY}"):
        yield


@contextmanager
def qinghai():
    with override_settings(
        NATIONAL_PROVINCE_CODE="63",
        NATIONAL_PEERS=f"62={GS_URL}|{PEER_KEY}",
        PII_KEY=QINGHAI_PII_KEY,
        PII_KEYS="",
        PII_KEY_FILE="",
        PII_KEY_VERSION=1,
    ):
        yield


def deliver(sender, receiver) -> list[str]:
    """Every pending outbox message of `sender` handed to `receiver` as the HTTP sender would:
    the signed body; marked sent. Returns the receiver's answers."""
    answers = []
    with sender():
        pending = list(
            ExchangeMessage.objects.filter(direction=Direction.OUT, status=MessageStatus.PENDING)
        )
        signed = [outgoing(message) for message in pending]
        ExchangeMessage.objects.filter(pk__in=[m.pk for m in pending]).update(
            status=MessageStatus.SENT
        )
    with receiver():
        for body, signature in signed:
            answers.append(exchange_receive(body=body, signature=signature))
    return answers, signed


def _add(parent, name, org_type, code="", uscc=""):
    kwargs = dict(
        name=name,
        org_type=org_type,
        level=level_for(org_type, parent),
        division_code=code or (parent.division_code if parent else ""),
        uscc=uscc,
    )
    if parent is None:
        return Org.objects.add_root(create_kwargs=kwargs)
    return Org.objects.add_child(parent, create_kwargs=kwargs)


@pytest.fixture
def qh(tree, make_user):
    class QH:
        pass

    q = QH()
    q.province = _add(None, "青海省总工会", OrgType.PROVINCE, "630000000000")
    q.xining = _add(Org.objects.get(pk=q.province.pk), "西宁市总工会", OrgType.CITY, "630100000000")
    q.chengzhong = _add(
        Org.objects.get(pk=q.xining.pk), "城中区总工会", OrgType.COUNTY, "630103000000"
    )
    q.base = _add(Org.objects.get(pk=q.chengzhong.pk), "西宁甲公司工会", OrgType.BASE, uscc=QH_USCC)
    for name in vars(q):
        setattr(q, name, Org.objects.get(pk=getattr(q, name).pk))
    stats_rollup()
    q.admin = make_user("qh_admin", q.chengzhong, ROLE_UNION_ADMIN)
    return q
