"""疗休养: yearly plans, batches (base, route, dates, places per union) and their participants."""
