from tests.pages import PAGES

pytest_collect_file = PAGES.pytest()
