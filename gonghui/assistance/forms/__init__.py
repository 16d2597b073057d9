"""Forms of hardship assistance, one module per area (the views of that area use them)."""
