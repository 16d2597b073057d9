"""gunicorn settings of `make run` and of production: `gunicorn gonghui.wsgi -c gunicorn.conf.py`.

Options given on the command line or in GUNICORN_CMD_ARGS (`--bind`, `--workers`) override these.
"""

import os

bind = os.environ.get("GONGHUI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GONGHUI_WORKERS", "3"))
accesslog = "-"
# The path without its query string (%(U)s, not the request line %(r)s) and no Referer: a
# query string or a referring URL may carry an ID number or a phone (/api/v1/members?q=…,
# a search page's address), and an access log is kept, copied and read far more widely than
# the data it describes. Client address, time, method, path, status, size, user agent, duration.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s "%(a)s" %(M)sms'
