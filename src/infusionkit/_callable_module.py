"""Let a subpackage that shares its name with its main function be called like that function.

``infusionkit.review`` is both a package and the name of the public ``review()`` function (the same
for ``redline``). Python sets the package attribute to the submodule once it is imported, so
``from infusionkit import review`` gives the module; making the module callable keeps
``review("contract.yaml")`` working either way.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any


def make_module_callable(module_name: str, function: Callable[..., Any]) -> None:
    """Calling the module ``module_name`` calls ``function``."""

    class CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

    sys.modules[module_name].__class__ = CallableModule
