"""The offline FoxAPI + CDN used by demo mode, the tests and the benchmarks. Tests that need it
to misbehave construct ``app.simulator.faults.FaultySimulator``."""

from app.simulator.server import JobFaults, Received, Simulator, SimulatorConfig

__all__ = ["JobFaults", "Received", "Simulator", "SimulatorConfig"]
