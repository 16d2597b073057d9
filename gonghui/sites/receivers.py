"""Invalidation of the public site data in the shared cache (`sites.public_cache`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gonghui.orgs.models import Org
from gonghui.sites.models import Site
from gonghui.sites.public_cache import counties_changed, sites_changed


@receiver([post_save, post_delete], sender=Site, dispatch_uid="sites_public_cache_site")
def site_written(sender, **kwargs) -> None:
    sites_changed()


@receiver([post_save, post_delete], sender=Org, dispatch_uid="sites_public_cache_org")
def org_written(sender, **kwargs) -> None:
    counties_changed()
