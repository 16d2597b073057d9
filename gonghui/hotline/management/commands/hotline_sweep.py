"""Run the 12351 supervision sweep now, or every N seconds.

    manage.py hotline_sweep                 # enqueue one sweep for the task worker
    manage.py hotline_sweep --every 300     # enqueue one every 5 minutes, until stopped
    manage.py hotline_sweep --inline        # run it in this process (no worker needed)

django-tasks has no scheduler; this loop is one. Enqueuing (the default) leaves the work to
`manage.py db_worker`; a sweep is idempotent, so a loop restarted or run twice does no harm.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from gonghui.hotline.tasks import sweep, sweep_overdue


class Command(BaseCommand):
    help = "督办扫描：超期工单、超时未派单/未接单，通知承办单位及其上级。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="repeat every SECONDS (0: once, the default)"
        )
        parser.add_argument(
            "--inline", action="store_true", help="run the sweep here instead of enqueuing it"
        )

    def handle(self, *args, every: int, inline: bool, **options):
        while True:
            if inline:
                counts = sweep()
                self.stdout.write(f"swept: {counts}")
            else:
                result = sweep_overdue.enqueue()
                self.stdout.write(f"enqueued sweep {result.id}")
            if every <= 0:
                return
            close_old_connections()  # none held open across the sleep
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
