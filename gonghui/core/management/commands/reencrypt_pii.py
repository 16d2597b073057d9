from django.core.management.base import BaseCommand, CommandError

from gonghui.core import crypto, pii


class Command(BaseCommand):
    help = (
        "把全部个人信息密文和查询哈希改写为当前密钥版本（密钥轮换，见 README「Key rotation」）。"
        "可中断后重跑；已是当前版本的行不再改写。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="每批行数（默认 1000）")
        parser.add_argument(
            "--check",
            action="store_true",
            help="只统计仍为旧版本的行，不改写；有则退出码为 1",
        )

    def handle(self, *args, batch: int, check: bool, **options):
        if batch < 1:
            raise CommandError("--batch 至少为 1。")
        current = crypto.current_version()
        readable = "、".join(str(v) for v in crypto.readable_versions())
        self.stdout.write(f"当前密钥版本 {current}；可读版本 {readable}。")
        if not check:
            pii.reencrypt_all(batch=batch, progress=self._progress)
        left = pii.leftovers()
        for label, count in left.items():
            self.stdout.write(f"{label}：{count} 行仍为旧版本")
        if left:
            # Copies whose source row is gone cannot be re-hashed: named, never their values.
            raise CommandError("仍有旧版本的数据，旧密钥暂不能移除。")
        self.stdout.write(self.style.SUCCESS(f"全部数据均为版本 {current}，旧密钥可以移除。"))

    def _progress(self, report: pii.ModelReport) -> None:
        line = f"{report.label}：已检查 {report.scanned} 行，改写 {report.rewritten} 行"
        if report.copies:
            line += f"，哈希副本 {report.copies} 行"
        if report.inconsistent:
            line += f"，{report.inconsistent} 行的哈希与密文不符（已按密文重算）"
        self.stdout.write(line)
