"""Background work of the import framework (django-tasks; `manage.py db_worker` runs it)."""

from django_tasks import task

from gonghui.imports.jobs import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    """An import uploaded in the workbench, of any registered kind (see `gonghui.imports.jobs`)."""
    import_job_run(job_id=job_id)
