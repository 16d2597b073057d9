import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gonghui.competitions.models import Competition
from gonghui.demo.accounts import accounts_markdown, accounts_table, ensure_demo_accounts
from gonghui.demo.assistance import seed_assistance
from gonghui.demo.competitions import seed_competitions
from gonghui.demo.honorees import seed_honorees
from gonghui.demo.honors import seed_honors
from gonghui.demo.hotline import seed_hotline_cases
from gonghui.demo.members import seed_members
from gonghui.demo.notices import seed_notices
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.quiz import seed_quiz
from gonghui.demo.recuperation import seed_recuperation
from gonghui.demo.sites import seed_sites
from gonghui.demo.studios import seed_studios
from gonghui.demo.training import seed_training
from gonghui.demo.training_online import seed_training_online
from gonghui.demo.transfers import seed_pending_transfer
from gonghui.demo.workers import DEMO_WORKERS, ensure_demo_workers
from gonghui.members.models import Member
from gonghui.metrics.services import stats_rollup
from gonghui.orgs.loader import load_org_tree


class Command(BaseCommand):
    help = (
        "生成演示数据：组织树（如缺）、社区(村)工会、基层工会、产业工会和工会联合会、N 名会员，"
        "以及各级演示账号。同一 --seed 生成的姓名、身份证号完全相同。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=1000, help="新增会员人数（默认 1000）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）")
        parser.add_argument(
            "--if-empty", action="store_true", help="已有会员时不生成组织和会员（仍补齐演示账号）"
        )
        parser.add_argument(
            "--accounts-markdown",
            action="store_true",
            help="把演示账号表以 Markdown 输出到标准输出（进度信息改到标准错误）",
        )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            # Demo accounts share a published password: never on a production database.
            raise CommandError("生产环境不能生成演示数据和演示账号。")
        markdown = options["accounts_markdown"]
        log = sys.stderr if markdown else self.stdout

        def say(text: str) -> None:
            log.write(text + "\n")

        started = time.perf_counter()
        if options["if_empty"] and Member.objects.exists():
            say("已有会员数据，跳过组织和会员的生成。")
        else:
            step = time.perf_counter()
            n = load_org_tree()
            if n:
                say(f"组织树：{n} 个区域工会（{time.perf_counter() - step:.1f} 秒）")
            step = time.perf_counter()
            n = seed_orgs(options["seed"], members=options["members"])
            if n:
                say(f"演示工会：{n} 个（{time.perf_counter() - step:.1f} 秒）")
            step = time.perf_counter()
            n = seed_members(options["members"], options["seed"])
            say(f"会员：新增 {n} 名（{time.perf_counter() - step:.1f} 秒）")
        rows = ensure_demo_accounts()
        created = sum(r.created for r in rows)
        n = seed_hotline_cases(year_seed=options["seed"])
        if n:
            say(f"12351 演示工单：{n} 件")
        n = seed_sites(seed=options["seed"])
        if n:
            say(f"服务阵地：{n} 个")
        n = seed_assistance(seed=options["seed"])
        if n:
            say(f"困难职工档案：{n} 户（含救助记录和送温暖活动）")
        n = seed_notices()
        if n:
            say(f"通知公告：{n} 条")
        n = seed_quiz(seed=options["seed"])
        if n:
            say(f"网上练兵：1 场（{n} 人已交卷）")
        n = seed_honors()
        if n:
            say(f"荣誉评选：2024年已表彰、2026年评选中，共 {n} 个推荐")
        n = seed_honorees(seed=options["seed"])
        if n:
            say(f"劳模名册：{n} 人（含历史荣誉、2026年春节慰问金和关爱记录）")
        teams, batches, people = seed_recuperation()
        if teams:
            say(f"班组：{teams} 个（城关区演示基层工会）")
        if batches:
            say(f"疗休养：{batches} 批次、{people} 人次")
        n = seed_competitions(seed=options["seed"])
        if n:
            say(f"劳动和技能竞赛：{Competition.objects.count()} 项，参赛登记 {n} 条")
        n = seed_studios(seed=options["seed"])
        if n:
            say(f"创新工作室：{n} 个（含年度成果、回头看和待审核的申报）")
        academies, classes, enrolled = seed_training(seed=options["seed"])
        if academies:
            say(f"工匠学院：{academies} 所，培训班 {classes} 期、培训 {enrolled} 人次")
        # Online courses go to an academy of the offline side's demo (made above), if any.
        n = seed_training_online(seed=options["seed"])
        if n:
            say(f"工匠学院线上课程：2 门，学习记录 {n} 人次")
        # Demo cases, sites and archives are bulk-written too: bring every roll-up up to date.
        stats_rollup()
        if seed_pending_transfer():
            say("待审批转会：1 件（七里河区演示基层工会 → 城关区演示基层工会）")
        # ... and the 待办 table from every kind's own query (progress to `log`, not the table).
        call_command("inbox_rebuild", stdout=log)
        if ensure_demo_workers():
            say(f"职工门户演示账号：{len(DEMO_WORKERS)} 个（手机号登录，密码同上）")
        say(
            f"演示账号：{len(rows)} 个，其中新建 {created} 个。总用时 "
            f"{time.perf_counter() - started:.1f} 秒。"
        )
        if markdown:
            self.stdout.write(accounts_markdown(rows))
        else:
            self.stdout.write(accounts_table(rows))
