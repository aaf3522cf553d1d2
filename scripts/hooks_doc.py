"""Regenerate docs/hooks.md from core/hookspecs.py: .venv/bin/python scripts/hooks_doc.py"""
import inspect
from pathlib import Path

from core import hookspecs

lines = ["# Plugin hooks", "",
         "Generated from `core/hookspecs.py` by `scripts/hooks_doc.py` (the docstrings are the",
         "documentation); `tests/test_docs.py` fails when the two disagree. A plugin imports",
         "`hookimpl` and its helpers from `core.toolkit`.", ""]
for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
    if not hasattr(fn, "complaints_spec"):
        continue
    first = " (firstresult: the first non-None answer wins)" if fn.complaints_spec.get("firstresult") else ""
    lines += [f"## `{name}{inspect.signature(fn)}`{first}", "", inspect.cleandoc(fn.__doc__), ""]
(Path(__file__).resolve().parent.parent / "docs" / "hooks.md").write_text("\n".join(lines))
