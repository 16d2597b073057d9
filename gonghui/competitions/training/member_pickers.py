"""The training's member picker purposes (`gonghui.members.pickers`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.competitions.training.selectors import access_class_by_id
from gonghui.members.pickers import members_holding, register_member_picker


def class_trainees(user: User, training_class: int):
    """Members the user may enrol: holding a membership, in the user's and the class union's
    subtree."""
    org = access_class_by_id(user, training_class).org
    return members_holding(user).filter(org__path__startswith=org.path)


register_member_picker("training_trainee", class_trainees, permission=Perm.TRAINING_MANAGE)
