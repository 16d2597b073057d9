"""What the import jobs tell the apps above them (imports sits below the inbox and imports none
of them): `job_finished` when a job ends (done, failed or cancelled; the row is saved), and
`job_seen` when its uploader opens the result of a finished job. Both send `job`; `job_seen`
also `user`. Sent with `send_robust`: a failing receiver is reported to the 系统管理员 and never
undoes the job's end."""

from django.dispatch import Signal

job_finished = Signal()
job_seen = Signal()
