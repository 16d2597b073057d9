"""Background work of the member registry (django-tasks; `manage.py db_worker` runs it)."""

from django_tasks import task

from gonghui.members.imports.jobs import import_job_run


@task()
def run_member_import(job_id: int) -> None:
    """A member import uploaded in the workbench (see `gonghui.members.imports.jobs`)."""
    import_job_run(job_id=job_id)
