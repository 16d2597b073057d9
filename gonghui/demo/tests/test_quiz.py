from gonghui.competitions.models.quiz import Attempt, AttemptStatus, Quiz, QuizStatus
from gonghui.competitions.quiz.boards import person_board, union_board
from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.quiz import BANK, TITLE, seed_quiz
from gonghui.orgs.loader import load_org_tree


def test_the_demo_quiz_is_open_with_a_bank_and_a_leaderboard(db):
    load_org_tree()
    seed_orgs(7)
    seed_members(800, 7)
    ensure_demo_accounts()
    taken = seed_quiz(seed=7)
    assert seed_quiz(seed=7) == 0  # once only
    quiz = Quiz.objects.get(title=TITLE)
    assert quiz.status == QuizStatus.PUBLISHED and quiz.host == demo_orgs()["lanzhou"]
    assert quiz.questions.count() == len(BANK) and quiz.draw_count == 20
    assert 20 <= taken <= 150
    attempts = Attempt.objects.filter(quiz=quiz)
    assert attempts.filter(status=AttemptStatus.SUBMITTED).count() == taken
    board = person_board(quiz)
    assert len(board) == taken
    scores = [p.attempt.score for p in board]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 5
    assert all(0 < p.attempt.seconds_used <= 20 * 60 for p in board)
    assert {line.org.name for line in union_board(quiz)} >= {"城关区总工会"}
    # The statistics were rolled up with the submits: 人次 at 兰州, and some passed the 24 marks.
    from gonghui.competitions.quiz.stats import quiz_stats
    from gonghui.metrics.models import OrgStat

    counted = OrgStat.objects.filter(org=quiz.host, metric="quiz_attempts")
    assert sum(counted.values_list("value", flat=True)) == taken
    assert 0 < quiz_stats(quiz).passed < taken
