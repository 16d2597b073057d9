"""Demo notices (通知公告): a few from 甘肃省总工会, 兰州市总工会, 城关区总工会 and 七里河区总工会,
so that the portal home of a demo worker in 城关区 shows notices of his county and its ancestors
and one of the neighbouring county's shows others. Written once (idempotent by title)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.demo.accounts import demo_orgs
from gonghui.notices.models import Notice, NoticeStatus

# (publisher key in demo_orgs, target key or None for the publisher itself, days ago, title, body)
NOTICES = (
    (
        "province",
        None,
        20,
        "关于开展2026年“五一”劳动奖章推荐评选工作的通知",
        "各市州总工会、省直各产业工会：\n请按照评选条件和名额分配，于4月10日前报送推荐材料。",
    ),
    (
        "province",
        None,
        3,
        "12351职工维权服务热线春节期间正常受理",
        "春节期间12351热线24小时有人接听，欠薪、工伤等诉求可随时拨打或在网上投诉。",
    ),
    (
        "lanzhou",
        None,
        8,
        "兰州市户外劳动者驿站“冬日暖心”服务开始",
        "全市驿站延长开放时间，为环卫工人、快递员、外卖配送员提供热水、热饭和休息场所。",
    ),
    (
        "chengguan",
        None,
        2,
        "城关区总工会2026年新就业形态劳动者集中入会活动",
        "3月起在各街道开展“入会服务周”，外卖配送员、快递员、网约车司机可在职工之家现场办理入会，"
        "也可在本平台在线申请。",
    ),
    (
        "chengguan",
        "street",
        1,
        "东岗西路街道职工书屋周末开放",
        "街道职工书屋每周六、周日 09:00-17:00 开放，会员凭电子会员卡借阅。",
    ),
    (
        "qilihe",
        None,
        5,
        "七里河区总工会困难职工帮扶申请受理通知",
        "符合条件的困难职工可向所在工会或在本平台提出帮扶申请，工会将在15个工作日内入户走访。",
    ),
)


@transaction.atomic
def seed_notices() -> int:
    """Create the demo notices that are missing; returns how many were created."""
    orgs = demo_orgs()
    existing = set(Notice.objects.values_list("title", flat=True))
    now = timezone.now()
    rows = []
    for publisher_key, target_key, days_ago, title, body in NOTICES:
        publisher = orgs.get(publisher_key)
        target = orgs.get(target_key) if target_key else publisher
        if publisher is None or target is None or title in existing:
            continue
        rows.append(
            Notice(
                title=title,
                body=body,
                publisher=publisher,
                target=target,
                status=NoticeStatus.PUBLISHED,
                publish_from=now - timedelta(days=days_ago),
            )
        )
    Notice.objects.bulk_create(rows)
    return len(rows)
