"""Annotation ids (``w:id``) used anywhere in a package."""

from __future__ import annotations

from .ns import W_ID
from .package import Package


def max_id(package: Package) -> int:
    """Largest integer ``w:id`` in any XML part (``-1`` when none)."""
    best = -1
    needle = b":id="
    for name in package.xml_parts():
        if name.endswith(".rels"):
            continue
        if name not in package._xml and needle not in package.parts[name]:
            continue
        for el in package.xml(name).iter():
            value = el.get(W_ID) if isinstance(el.tag, str) else None
            if value is not None and value.lstrip("-").isdigit():
                best = max(best, int(value))
    return best
