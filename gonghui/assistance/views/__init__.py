"""Workbench and portal pages of hardship assistance, one module per area."""
