"""labkit's documentation promises: numpydoc Parameters for every public function of two or more
arguments, and no module docstring that names the notebooks using it (the README derives that map)."""
import importlib
import inspect
import pkgutil
import re

import pytest

import labkit

SECTION = re.compile(r"^Parameters[ \t]*\n-{3,}[ \t]*$", re.M)
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(labkit.__path__, "labkit.") if info.name != "labkit.__main__"
)


def _public_callables(module):
    """Public functions and methods defined in ``module``; methods that override a base class's are
    documented by that base class (Keras's callbacks, scikit-learn's estimators)."""
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            inherited = {attr for base in obj.__mro__[1:] for attr in vars(base)}
            for attr, raw in vars(obj).items():
                if attr.startswith("_") or attr in inherited:
                    continue
                function = getattr(raw, "__func__", raw)
                if inspect.isfunction(function):
                    yield f"{name}.{attr}", function


@pytest.mark.parametrize("module_name", MODULES)
def test_public_functions_with_two_or_more_arguments_document_them(module_name):
    module = importlib.import_module(module_name)
    missing = []
    for name, function in _public_callables(module):
        arguments = [p for p in inspect.signature(function).parameters if p not in ("self", "cls")]
        if len(arguments) >= 2 and not SECTION.search(inspect.getdoc(function) or ""):
            missing.append(name)
    assert not missing, f"{module_name}: no numpydoc 'Parameters' section in {missing}"


@pytest.mark.parametrize("module_name", MODULES)
def test_module_docstrings_do_not_list_their_notebooks(module_name):
    doc = importlib.import_module(module_name).__doc__ or ""
    assert not re.search(r"used by:? *(notebooks?\b|\d\d)", doc, re.I), (
        f"{module_name}'s docstring says who uses it; the README derives that"
    )
