"""The hook reference in docs/hooks.md names every hook with its exact signature."""
import inspect
from pathlib import Path

from core import hookspecs

DOC = (Path(__file__).resolve().parent.parent / "docs" / "hooks.md").read_text()


def hooks():
    return [(name, fn) for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(fn, "complaints_spec")]


def test_every_hook_is_documented_with_its_signature():
    assert len(hooks()) >= 12
    for name, fn in hooks():
        assert f"`{name}{inspect.signature(fn)}`" in DOC, name
        assert fn.__doc__ and inspect.cleandoc(fn.__doc__).splitlines()[0] in DOC, name
