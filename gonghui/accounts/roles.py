from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from gonghui.accounts.permissions import ROLES


def ensure_roles(**kwargs) -> dict[str, Group]:
    """Create or refresh the role groups so they hold exactly their permissions.

    Runs after every migrate and flush; permissions of apps migrated later in the same run are
    created here first so that the order of post_migrate handlers does not matter.
    """
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    groups = {}
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
        groups[name] = group
    return groups
