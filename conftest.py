import os

# One thread for torch in the tests and every process they start, before torch is imported:
# the examples are small, and two threads that share a busy core wait on each other.
os.environ['OMP_NUM_THREADS'] = '1'

from tests.pages import pytest_collect_file  # noqa: E402,F401  (every page, once per device)
