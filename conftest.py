from tests.pages import pytest_collect_file  # noqa: F401  (every page, once per device)
