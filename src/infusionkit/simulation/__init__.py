"""Episodes × contracts → :class:`Simulation`: claim lines of every scenario, totals and deltas.

:class:`WhatIf` is the one what-if service: the history's exact total under any contract.
"""

from infusionkit.simulation.run import Scenario, Simulation, simulate
from infusionkit.simulation.whatif import WhatIf, what_if

__all__ = ["Scenario", "Simulation", "WhatIf", "simulate", "what_if"]
