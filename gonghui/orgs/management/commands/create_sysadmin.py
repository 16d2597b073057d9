"""The first 系统管理员 of a new deployment (README, "Deploying a province", step 7).

It lives in orgs, not accounts, because it looks the union up in the tree (accounts sits below
orgs). The account is made by `accounts.services.user_create` as the system (`actor=None`), so
the password rules, the role group and the audit row are those of every other staff account.
"""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.services import user_create
from gonghui.core.errors import ApplicationError
from gonghui.core.permissions import Role
from gonghui.orgs.models import Org, OrgStatus

NO_TREE = "还没有工会组织：请先运行 manage.py load_orgs（或 import_orgs）。"
NO_ORG = "没有行政区划代码或社会信用代码为「{code}」的正常状态工会。"
MANY_ORGS = "代码「{code}」对应多个工会，请改用社会信用代码。"
MANY_ROOTS = "组织树有多个顶层工会，请用 --org 指定账号所属的工会。"
PASSWORDS_DIFFER = "两次输入的密码不一致。"
NO_PASSWORD = "没有读到密码。"


class Command(BaseCommand):
    help = (
        "创建系统管理员账号（新部署的第一个账号）。默认属于组织树的顶层工会（省总工会）；"
        "密码在终端输入两次，或用 --password-stdin 从标准输入读一行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="账号")
        parser.add_argument("--full-name", default="", help="姓名")
        parser.add_argument(
            "--org", default="", help="所属工会的行政区划代码或社会信用代码（默认顶层工会）"
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="从标准输入读取密码（用于脚本）"
        )

    def handle(self, *args, username: str, full_name: str, org: str, password_stdin: bool, **_):
        home = self._org(org.strip())
        password = self._password(password_stdin)
        try:
            user = user_create(
                actor=None,
                username=username,
                password=password,
                org=home,
                roles=[Role.SYSADMIN],
                full_name=full_name,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已创建系统管理员「{user.username}」，所属工会：{home.name}。")
        )

    def _org(self, code: str) -> Org:
        active = Org.objects.filter(status=OrgStatus.ACTIVE)
        if not active.exists():
            raise CommandError(NO_TREE)
        if not code:
            roots = list(active.filter(depth=1)[:2])
            if len(roots) != 1:
                raise CommandError(MANY_ROOTS)
            return roots[0]
        found = list(active.filter(division_code=code)[:2]) or list(active.filter(uscc=code)[:2])
        if not found:
            raise CommandError(NO_ORG.format(code=code))
        if len(found) > 1:
            raise CommandError(MANY_ORGS.format(code=code))
        return found[0]

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass("密码：")
            if getpass.getpass("再输入一次：") != password:
                raise CommandError(PASSWORDS_DIFFER)
        if not password:
            raise CommandError(NO_PASSWORD)
        return password
