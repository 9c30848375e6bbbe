"""The offline FoxAPI + CDN used by demo mode, the tests and the benchmarks."""

from app.simulator.server import JobFaults, Received, Simulator, SimulatorConfig

__all__ = ["JobFaults", "Received", "Simulator", "SimulatorConfig"]
