from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from gonghui.accounts import permcache
from gonghui.accounts.grants import EXPLICIT_GRANTS, holds_grant
from gonghui.accounts.permcache import new_perms_version


class User(AbstractUser):
    """A staff account. It belongs to one org and sees that org's subtree, nothing else.

    Only superusers (the platform operators) may have no org; they see the whole tree.
    """

    org = models.ForeignKey(
        "orgs.Org",
        verbose_name="所属工会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    full_name = models.CharField("姓名", max_length=40, blank=True)
    # A new random value whenever the user's permissions may have changed (accounts.permcache):
    # the key of the permissions each web process keeps across requests.
    perms_version = models.BigIntegerField("权限版本", default=new_perms_version, editable=False)

    class Meta:
        verbose_name = "工作人员账号"
        verbose_name_plural = "工作人员账号"

    def __str__(self) -> str:
        return self.full_name or self.username

    def has_perm(self, perm, obj=None):
        # Unmasking permissions are held, never implied by is_superuser (see accounts.grants).
        if perm in EXPLICIT_GRANTS:
            return obj is None and holds_grant(self, perm)
        if not self.is_superuser:  # a superuser's answer needs no permission list
            permcache.prime(self)
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if not self.is_superuser:
            permcache.prime(self)
        return super().has_module_perms(app_label)

    def get_all_permissions(self, obj=None):
        permcache.prime(self)
        return super().get_all_permissions(obj)


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"


class UserSession(models.Model):
    """Which sessions belong to which user, so deactivating a user can end them all."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
