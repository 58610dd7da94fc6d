"""The benchmark harness: launching servers, driving load, measuring, reporting."""
