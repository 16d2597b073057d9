"""Settings of `bench/load.py`'s server: `make run`'s (gonghui.settings.base), plus one URL.

Only the URL conf differs: `load_urls` adds the bench's bare "hello" view in front of the
product's URLs. Nothing here is imported by the product.
"""

from gonghui.settings.base import *  # noqa: F403

ROOT_URLCONF = "load_urls"
