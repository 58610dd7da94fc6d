"""Cross-cutting machinery shared by every vendor. Nothing in here knows a vendor by name."""
