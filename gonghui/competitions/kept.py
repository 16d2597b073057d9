"""The dashboard figures counted on demand from the competitions' own tables (studios and 五小,
contest 人数), kept in the shared cache (`core.kept`) until one of their rows or an org is
written: a dashboard then reads small cache entries instead of four aggregates. Their rows are
written by staff now and then; 网上练兵's attempts, written by workers all day, are counted on
each read instead (on the database cache every write would lock the one version row).

Each kept value is keyed by the org's id and path (a moved org is a new key) and the period.
The receivers below drop the versions; an org written (a merge saves the merged union, whose
rows the org handlers move by `update()`) drops both. Ten minutes bound anything else.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gonghui.competitions.models import Competition, Entry
from gonghui.competitions.models.studios import Studio, StudioReport, Suggestion
from gonghui.core.kept import drop
from gonghui.orgs.models import Org

STUDIOS = "competitions:studios:version"
CONTESTS = "competitions:contests:version"
TIMEOUT = 600


def key(name: str, org: Org, start: str, end: str) -> str:
    return f"competitions:{name}:{org.pk}:{org.path}:{start}:{end}"


@receiver([post_save, post_delete], sender=Studio, dispatch_uid="kept_studio")
@receiver([post_save, post_delete], sender=StudioReport, dispatch_uid="kept_studio_report")
@receiver([post_save, post_delete], sender=Suggestion, dispatch_uid="kept_suggestion")
def studios_written(sender, **kwargs) -> None:
    drop(STUDIOS)


@receiver([post_save, post_delete], sender=Competition, dispatch_uid="kept_competition")
@receiver([post_save, post_delete], sender=Entry, dispatch_uid="kept_entry")
def contests_written(sender, **kwargs) -> None:
    drop(CONTESTS)


@receiver([post_save, post_delete], sender=Org, dispatch_uid="kept_competitions_org")
def org_written(sender, **kwargs) -> None:
    drop(STUDIOS, CONTESTS)
