"""The dashboard figures counted on demand from the competitions' own tables (studios and 五小,
contest and quiz 人数), kept in the shared cache (`core.kept`) until one of their rows or an
org is written: a dashboard then reads two small cache entries instead of five aggregates.

Each kept value is keyed by the org's id and path (a moved org is a new key) and the period.
The receivers below drop the versions; an org written (a merge saves the merged union, whose
rows the org handlers move by `update()`) drops all three. Ten minutes bound anything else.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gonghui.competitions.models import Competition, Entry
from gonghui.competitions.models.quiz import Attempt, Quiz
from gonghui.competitions.models.studios import Studio, StudioReport, Suggestion
from gonghui.core.kept import drop
from gonghui.orgs.models import Org

STUDIOS = "competitions:studios:version"
CONTESTS = "competitions:contests:version"
QUIZ = "competitions:quiz:version"
TIMEOUT = 600


def key(name: str, org: Org, start: str, end: str) -> str:
    return f"competitions:{name}:{org.pk}:{org.path}:{start}:{end}"


def drop_all() -> None:
    drop(STUDIOS, CONTESTS, QUIZ)


@receiver([post_save, post_delete], sender=Studio, dispatch_uid="kept_studio")
@receiver([post_save, post_delete], sender=StudioReport, dispatch_uid="kept_studio_report")
@receiver([post_save, post_delete], sender=Suggestion, dispatch_uid="kept_suggestion")
def studios_written(sender, **kwargs) -> None:
    drop(STUDIOS)


@receiver([post_save, post_delete], sender=Competition, dispatch_uid="kept_competition")
@receiver([post_save, post_delete], sender=Entry, dispatch_uid="kept_entry")
def contests_written(sender, **kwargs) -> None:
    drop(CONTESTS)


@receiver([post_save, post_delete], sender=Quiz, dispatch_uid="kept_quiz")
@receiver([post_save, post_delete], sender=Attempt, dispatch_uid="kept_attempt")
def quiz_written(sender, **kwargs) -> None:
    drop(QUIZ)


@receiver([post_save, post_delete], sender=Org, dispatch_uid="kept_competitions_org")
def org_written(sender, **kwargs) -> None:
    drop_all()
