"""Episodes × contracts → :class:`Simulation`: claim lines of every scenario, totals and deltas."""

from infusionkit.simulation.run import Scenario, Simulation, simulate

__all__ = ["Scenario", "Simulation", "simulate"]
