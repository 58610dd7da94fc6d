"""Benchmarks of mockserver against peer mock servers (WireMock, Prism). Run ``python -m benchmarks``."""
