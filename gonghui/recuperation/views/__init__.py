"""疗休养's workbench pages: `plans` (bases, plans, batches), `batches` (one batch: its split of
places and its participants)."""
