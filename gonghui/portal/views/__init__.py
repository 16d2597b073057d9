"""The workers' portal pages, one module per use case.

Besides its own (accounts, joining, e-card, requests), the portal serves the worker-facing pages of
every domain, calling the domain's services and selectors: `complaints` (12351 online, hotline),
`sites` (附近的驿站, namespace `sites_portal`) and `assistance` (困难帮扶, `assistance_portal`).
A domain has no portal view, template or URL of its own and never imports `portal`.
"""
