from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from django.db.models.signals import post_migrate

        from gonghui.accounts import permcache, signals  # noqa: F401
        from gonghui.accounts.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
        permcache.connect()
