"""The engine's docstring examples are real: every ``>>>`` example in every module of ``surface`` runs and prints
what its docstring says."""

import doctest
import importlib

import pytest
from import_graph import modules

MODULES = sorted(modules("surface"))


def test_the_package_docstring_has_examples():
    import surface

    assert len(doctest.DocTestFinder().find(surface)[0].examples) >= 10


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run_as_written(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see above)"
