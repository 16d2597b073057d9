"""Workbench pages of hardship assistance, one module per area (the worker's application is
served by the portal: `portal/views/assistance.py`)."""
