# The fixtures live in tests/support.py so the plugins' own tests share them.
pytest_plugins = ["tests.support", "tests.workflow_support", "tests.notify_support", "tests.browser.support"]
