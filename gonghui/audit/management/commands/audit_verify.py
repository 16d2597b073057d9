from django.core.management.base import BaseCommand, CommandError

from gonghui.audit.sealing import audit_verify

INTACT = "审计链完整：已封存 {sealed} 条（至第 {last_id} 条），另有 {unsealed} 条待封存。"
HEAD = "链头：{head}"
KNOWN_HEAD = "以前公布的链头 {head} 仍在链中。"
ARCHIVED = "另有 {archived} 条随分区摘除归档，其封存与归档记录相符。"


class Command(BaseCommand):
    help = (
        "校验审计日志的密钥哈希链，打印链头（请在库外公布或存档）；"
        "链断开时以状态 1 退出并指出第一条出问题的记录。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--head", default="", help="以前公布的链头，须仍在链中")

    def handle(self, *args, head: str = "", **options):
        verdict = audit_verify(head=head.strip().lower())
        if not verdict.intact:
            raise CommandError(verdict.problem, returncode=1)
        self.stdout.write(INTACT.format(**vars(verdict)))
        self.stdout.write(HEAD.format(head=verdict.head))
        if verdict.archived:
            self.stdout.write(ARCHIVED.format(archived=verdict.archived))
        if head:
            self.stdout.write(KNOWN_HEAD.format(head=head.strip().lower()))
