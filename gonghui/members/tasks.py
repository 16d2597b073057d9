"""Background work of the member registry (django-tasks; `manage.py db_worker` runs it)."""

from django_tasks import task

from gonghui.members.imports.jobs import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    """A member or org import uploaded in the workbench (see `gonghui.members.imports.jobs`)."""
    import_job_run(job_id=job_id)
