"""The contract fuzzer (schemathesis against a live server); see README.md here."""
