"""Demo 网上练兵: 兰州市总工会's 职工法律知识网上练兵, open now, with a bank of 24 questions (20
drawn per attempt), and the finished attempts of 150 members of 兰州市 so the leaderboards
(by person, by county) and the certificates of the top 10 have something to show. The demo
worker 王建国 (13800138000) has not taken it yet: he can, on the portal. Written once
(idempotent by title)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from gonghui.competitions.models.quiz import Attempt, Question, QuestionKind, Quiz, QuizStatus
from gonghui.competitions.quiz.attempts import attempt_start, attempt_submit
from gonghui.competitions.quiz.bank import question_create, quiz_create, quiz_set_status
from gonghui.demo.accounts import demo_orgs
from gonghui.demo.workers import DEMO_WORKERS
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member

TITLE = "兰州市2026年职工法律知识网上练兵"
TAKERS = 150
S, M, J = QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.JUDGE
# (kind, text, options, key, score)
BANK = (
    (
        S,
        "《工会法》规定，工会的基本职责是什么？",
        ["维护职工合法权益、竭诚服务职工群众", "组织文体活动", "发放节日福利", "参与企业经营决策"],
        "A",
        2,
    ),
    (S, "全国总工会职工维权服务热线号码是？", ["12345", "12351", "12315", "12333"], "B", 2),
    (
        S,
        "用人单位自用工之日起超过几个月不与劳动者订立书面劳动合同，应当每月支付二倍工资？",
        ["半个月", "一个月", "三个月", "六个月"],
        "B",
        2,
    ),
    (S, "劳动者每日工作时间一般不超过几小时？", ["6小时", "8小时", "10小时", "12小时"], "B", 2),
    (S, "试用期最长不得超过几个月？", ["三个月", "四个月", "六个月", "十二个月"], "C", 2),
    (
        S,
        "职工在法定休假日工作的，应支付不低于工资的百分之多少的工资报酬？",
        ["150%", "200%", "300%", "400%"],
        "C",
        2,
    ),
    (
        S,
        "企业、事业单位、社会组织会员二十五人以上的，应当建立什么组织？",
        ["工会委员会", "职工代表大会", "工会小组", "党支部"],
        "A",
        2,
    ),
    (S, "工会经费按每月全部职工工资总额的百分之几向工会拨缴？", ["1%", "2%", "3%", "5%"], "B", 2),
    (S, "劳动争议申请仲裁的时效期间为多久？", ["六个月", "一年", "二年", "三年"], "B", 2),
    (S, "女职工生育享受不少于多少天的产假？", ["90天", "98天", "128天", "158天"], "B", 2),
    (
        M,
        "劳动合同应当具备以下哪些条款？",
        ["劳动合同期限", "工作内容和工作地点", "劳动报酬", "劳动者的籍贯"],
        "ABC",
        3,
    ),
    (
        M,
        "下列哪些情形属于工伤？",
        [
            "在工作时间和工作场所内因工作原因受到事故伤害",
            "上下班途中受到非本人主要责任的交通事故伤害",
            "醉酒导致伤亡",
            "因公外出期间由于工作原因受到伤害",
        ],
        "ABD",
        3,
    ),
    (M, "户外劳动者驿站一般为职工提供哪些服务？", ["饮水", "热饭", "充电", "代发工资"], "ABC", 3),
    (
        M,
        "困难职工帮扶的方式包括哪些？",
        ["生活救助", "助学", "医疗救助", "代缴个人所得税"],
        "ABC",
        3,
    ),
    (
        M,
        "新就业形态劳动者包括哪些群体？",
        ["外卖配送员", "快递员", "网约车司机", "公务员"],
        "ABC",
        3,
    ),
    (
        M,
        "职工代表大会的职权包括哪些？",
        ["审议企业重大决策", "审议通过集体合同草案", "民主评议管理人员", "决定企业利润分配"],
        "ABC",
        3,
    ),
    (J, "用人单位可以扣押劳动者的居民身份证。", [], "错误", 1),
    (J, "劳动者提前三十日以书面形式通知用人单位，可以解除劳动合同。", [], "正确", 1),
    (J, "工会会员有权对工会工作提出批评和建议。", [], "正确", 1),
    (J, "农民工不能加入工会。", [], "错误", 1),
    (J, "用人单位应当依法为劳动者缴纳社会保险费。", [], "正确", 1),
    (J, "集体合同订立后，应当报送劳动行政部门。", [], "正确", 1),
    (J, "加班费可以用调休完全代替，法定节假日也一样。", [], "错误", 1),
    (J, "“安康杯”竞赛是以安全生产为主题的群众性竞赛活动。", [], "正确", 1),
)


def seed_quiz(seed: int = 2026) -> int:
    """Create the demo quiz and its attempts; returns how many attempts were written."""
    orgs = demo_orgs()
    lanzhou = orgs["lanzhou"]
    admin = get_user_model().objects.filter(username="lz_admin").first()
    if lanzhou is None or admin is None or Quiz.objects.filter(title=TITLE).exists():
        return 0
    rng = random.Random(f"gonghui-demo-quiz-{seed}")
    now = timezone.now()
    quiz = quiz_create(
        actor=admin,
        host=lanzhou,
        title=TITLE,
        description="面向全市工会会员，每人一次机会，20 分钟内完成 20 道题；24 分及格，前 10 名颁发证书。",
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=27),
        duration_minutes=20,
        attempts_allowed=1,
        draw_count=20,
        certificate_top=10,
        pass_score=24,
    )
    for kind, text, options, key, score in BANK:
        question_create(
            actor=admin, quiz=quiz, kind=kind, text=text, options=options, answer=key, score=score
        )
    quiz_set_status(actor=admin, quiz=quiz, status=QuizStatus.PUBLISHED)
    keys = {q.pk: q for q in Question.objects.filter(quiz=quiz)}
    demo_names = {w.name for w in DEMO_WORKERS}
    takers = (
        Member.objects.filter(org__path__startswith=lanzhou.path, status__in=HOLDING_STATUSES)
        .exclude(name__in=demo_names)
        .select_related("org")
        .order_by("id")[: TAKERS * 4 : 4]
    )
    written = 0
    for member in takers:
        attempt = attempt_start(member=member, quiz=quiz).attempt
        skill = rng.uniform(0.45, 0.98)
        choices = {}
        for qid in attempt.question_ids:
            question = keys[qid]
            if rng.random() < skill:
                choices[qid] = question.answer
            else:
                letters = "ABCD"[: len(question.options)]
                choices[qid] = next(c for c in letters if c != question.answer)
        attempt_submit(member=member, attempt=attempt, choices=choices)
        # Spread their times over the three days open so far and the 20 minutes allowed.
        used = rng.randint(180, 1150)
        started = now - timedelta(minutes=rng.randint(30, 3 * 24 * 60))
        Attempt.objects.filter(pk=attempt.pk).update(
            started_at=started,
            deadline=started + timedelta(minutes=20),
            finished_at=started + timedelta(seconds=used),
            seconds_used=used,
        )
        written += 1
    return written
