"""Per-request facts that the audit trail needs deep inside services (client IP)."""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
