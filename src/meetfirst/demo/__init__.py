"""A generator of realistic LinkedIn exports, for the demo and the benchmarks. Imports only the core."""

from meetfirst.demo.eras import ERAS
from meetfirst.demo.generator import write_export

__all__ = ["ERAS", "write_export"]
