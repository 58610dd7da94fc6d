"""The API versions the mock implements, each as the small set of ways it differs from v8.

Everything is stored and handled in v8's vocabulary; a version only renames keys on the way in and
out and hides the functions it did not have yet. Adding a version is adding one ``ApiVersion``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mockserver.vendors.werkbonapp.entities import ENTITIES


@dataclass(frozen=True)
class ApiVersion:
    number: int
    #: what the envelope calls its payload
    payload_key: str = "response"
    #: work-order keys renamed from v8's spelling to this version's (read and write)
    workorder_keys: dict[str, str] = field(default_factory=dict)
    #: functions (lowercase) this version does not have yet
    missing_functions: frozenset[str] = frozenset()

    def workorder_out(self, order: dict) -> dict:
        """A v8 work order in this version's key names."""
        if not self.workorder_keys:
            return order
        # a v8 key that is also this version's name of another key (v8's WorkInstruction, v7's
        # name of WorkDescription) gives way to the renamed one
        shadowed = set(self.workorder_keys.values()) - set(self.workorder_keys)
        return {
            self.workorder_keys.get(key, key): value for key, value in order.items() if key not in shadowed
        }

    def workorder_in(self, order: dict) -> dict:
        """A posted work order in v8 key names (this version's spellings renamed back)."""
        if not self.workorder_keys:
            return order
        back = {old: new for new, old in self.workorder_keys.items()}
        return {back.get(key, key): value for key, value in order.items()}


V8 = ApiVersion(8)

#: v7 (before 02-03-2017): payload ``object``, lowercase arrays, ``WorkInstruction``, and none of
#: the master-data endpoints added with v8 (the entity table says which came when).
V7 = ApiVersion(
    7,
    payload_key="object",
    workorder_keys={
        "Materials": "materials",
        "Workperiods": "workperiods",
        "Photos": "photos",
        "Documents": "documents",
        "WorkDescription": "WorkInstruction",
    },
    missing_functions=frozenset(name for e in ENTITIES if e.since > 7 for name in e.functions),
)

IMPLEMENTED: dict[str, ApiVersion] = {str(v.number): v for v in (V7, V8)}


def implemented_list() -> str:
    return ", ".join(sorted(IMPLEMENTED, key=int))
