"""In-process interception for Python test suites: the vendors' real URLs, nothing else changed.

``from mockserver import intercept`` (``api.intercept``). The hooks per library live in their own
modules (``urllib3_hook``, ``httpx_hook``) over one routing table (``routes``).
"""
