"""What a vendor is, to the platform: a name, where it is mounted, how its credentials look,
how it seeds a tenant, its WSGI application, and how it renders a failure the platform detects
before the vendor's own code runs (unknown path, body too large, injected fault, ...)."""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.operation_coverage import OperationCoverage
    from mockserver.core.pipeline import Credentials, IdempotencyRule, RateRule, RequestContext
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


@dataclass(frozen=True)
class Problem:
    """A failure the platform found, for the vendor to render in its own error shape.

    ``kind`` is one of: ``not_found`` (no such path), ``method_not_allowed``, ``too_large``,
    ``bad_encoding`` (body is not UTF-8), ``malformed`` (body does not parse), ``fault`` (an
    injected fault rule), ``contract`` (strict mode refused the request), ``upstream`` (the
    ``--upstream`` for the vendor failed: 502 unreachable, 504 too slow), ``internal``.
    """

    status: int
    message: str
    kind: str = "internal"


class Vendor:
    """Base class of the five vendors. Subclasses set the class attributes and implement the hooks."""

    #: the vendor's name in URLs, settings and the admin API
    name: ClassVar[str]
    title: ClassVar[str]
    #: mount prefix in the mock (``/robaws``)
    prefix: ClassVar[str]
    #: the vendor's real API root below the prefix (``/api/v2``); base URL = server + prefix + this
    base_path: ClassVar[str] = ""
    #: the real hostnames; a request with one of these Host headers reaches the vendor unprefixed
    hostnames: ClassVar[tuple[str, ...]] = ()
    #: Faker locale of the vendor's country, for fixtures
    locale: ClassVar[str] = "en_US"
    #: fixed credentials of the ``demo`` tenant
    demo_credentials: ClassVar[dict[str, str]] = {}
    #: which credential fields identify a tenant (looked up without a scan); the rest are secrets
    identifying_credentials: ClassVar[tuple[str, ...]] = ()
    #: every per-tenant knob with its default (admin: ``/_mock/tenants/{id}/settings``)
    default_settings: ClassVar[dict[str, Any]] = {}
    #: the contract file in ``contracts/``
    contract_file: ClassVar[str | None] = None
    #: the request headers a replayable answer of this vendor (``core.http.replayable``) may depend
    #: on; with the URL (scheme, host, path, query) they are the replay key, so every other header
    #: (a trace id, ``User-Agent``, ``Accept-Encoding``) leaves a kept answer usable. A vendor that
    #: declares answers replayable must name here every header its declared reads look at
    #: (``tests/vendors/test_replay_keys.py`` checks it against what the handlers really read).
    replay_headers: ClassVar[tuple[str, ...]] = ()
    #: collections that requests create besides the fixtures' ones (a snapshot may hold them)
    extra_collections: ClassVar[tuple[str, ...]] = ()
    #: whether this vendor's reads carry their question in a POST body (SOAP), so that a POST is
    #: replayable too, keyed by its body's bytes besides the URL and ``replay_headers``
    replay_bodies: ClassVar[bool] = False

    def __init__(self, server: MockServer) -> None:
        self.server = server

    # -- credentials -------------------------------------------------------------------------------
    def new_credentials(self) -> dict[str, str]:
        """Fresh, unguessable credentials with the same fields as the demo ones."""
        return {key: secrets.token_hex(16) for key in self.demo_credentials}

    def identifying(self, credentials: dict[str, str]) -> list[tuple[str, str]]:
        fields = self.identifying_credentials or tuple(credentials)
        return [(field, credentials[field]) for field in fields if field in credentials]

    # -- the request pipeline (``core.pipeline``) -----------------------------------------------
    def read_credentials(self, request: Any) -> Credentials | None:
        """The credential reader, the vendor's one: the tenant (and the vendor's principal) the
        request's credentials name, found through ``tenants.by_credential``; None for a request
        that needs none. A refusal tells what the request carried: ``core.pipeline.missing(error)``
        (no credentials), ``core.pipeline.unknown(error)`` (credentials no tenant knows: the
        upstream passthrough forwards these), or the vendor's own error as it is (a tenant's
        credentials with a wrong secret, an expired token). ``request`` is a ``werkzeug`` request
        (Severa also takes its parsed SOAP request); the authenticate step runs it for a request
        being served, ``core.pipeline.carried`` for the upstream's question, so it reads only:
        no lock, no journal, no count. A vendor that does not override it never forwards."""
        return None

    def needs_credentials(self, request: Any) -> bool:
        """Whether this request runs the pipeline's steps (authenticate ... idempotency) before
        its handler; by default every request the vendor's routes matched."""
        return getattr(request, "url_rule", None) is not None

    def rate_rule(self, context: RequestContext) -> RateRule | None:
        """How the authenticated request is counted, or None when it is not."""
        return None

    def idempotency_rule(self, context: RequestContext, request: Any) -> IdempotencyRule | None:
        """How the request's idempotency key is read, or None when it has none to read."""
        return None

    # -- data --------------------------------------------------------------------------------------
    def generate_fixtures(self, seed: int) -> dict[str, list[dict]]:
        """Deterministic seed data: collection name -> records (with ids); by convention
        ``<package>.fixtures.generate(seed)``, or nothing."""
        module = self._module("fixtures")
        return module.generate(seed) if module is not None else {}

    def seed(self, data: VendorData, fixtures: dict[str, list[dict]], tenant: Tenant) -> None:
        """Load fixtures into a tenant's fresh data. Override for indexes or derived state."""
        for name, records in fixtures.items():
            data.collection(name).insert_many(records)

    def load_snapshot(self, data: VendorData, collections: dict[str, list[dict]], tenant: Tenant) -> None:
        """Load a snapshot's records into a tenant's fresh data (``core.snapshots``): as seeding
        does unless a vendor's seeding changes the records (Severa renames its seed's GUIDs)."""
        self.seed(data, collections, tenant)

    def snapshot_collections(self) -> set[str]:
        """The collections a snapshot of this vendor may hold: its fixtures' and
        ``extra_collections`` (those only requests create)."""
        from mockserver.core import fixtures

        return set(fixtures.load(self, None)) | set(self.extra_collections)

    # -- HTTP --------------------------------------------------------------------------------------
    def create_wsgi_app(self) -> WSGIApp:
        """By convention ``<package>.routes.create_app(vendor)``."""
        return self._require("routes").create_app(self)

    def problem_response(self, problem: Problem) -> Response:
        """Render a platform-detected failure as this vendor would answer it; by convention
        ``<package>.errors.problem_response(problem)``.

        Called by the gateway outside any Flask context: build a ``werkzeug.wrappers.Response``
        (``mockserver.core.http.json_response`` helps), never ``flask.jsonify``.
        """
        return self._require("errors").problem_response(problem)

    def request_facts(self, body: bytes) -> dict[str, Any]:
        """What this vendor reads from a request body for the journal and request matchers
        (``core.matching``): Severa names its SOAP operation and arguments. Called when an entry is
        first read, with the body as the journal kept it (possibly cut); nothing by default."""
        return {}

    # -- the package anatomy -----------------------------------------------------------------------
    def _module(self, name: str) -> ModuleType | None:
        """``<vendor package>.<name>``, imported on first use (start-up never pays for it), or None
        when the package has no such module."""
        package = type(self).__module__
        try:
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
            return None

    def _require(self, name: str) -> ModuleType:
        module = self._module(name)
        if module is None:
            raise NotImplementedError(f"{type(self).__module__} has no {name} module")
        return module

    # -- lifecycle ---------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Deferred start-up work, run in a background thread once the server listens."""

    def reset(self) -> None:
        """Clear vendor-wide runtime state on ``POST /_mock/reset`` (tenant state is dropped anyway)."""

    def close(self) -> None:
        """Stop background workers when the server stops."""

    def admin_blueprint(self) -> Any:
        """A Flask Blueprint of vendor admin routes under ``/_mock/tenants/<tenant_id>``, or None;
        by convention ``<package>.admin.blueprint()``."""
        module = self._module("admin")
        return module.blueprint() if module is not None else None

    # -- description -------------------------------------------------------------------------------
    def coverage(self) -> list[OperationCoverage]:
        """Per operation of the contract: kept in state, empty by design or not implemented, with
        its fidelity mark (``mockserver coverage``). By convention
        ``<package>.operation_coverage.operations(vendor)`` when the package has that module (a
        vendor whose contract cannot carry the marks), else the ``x-coverage`` / ``x-fidelity``
        marks of the vendor's OpenAPI contract."""
        module = self._module("operation_coverage")
        if module is not None:
            return module.operations(self)
        from mockserver.core.operation_coverage import from_openapi

        contract = self.server.contracts.get(self.name)
        return from_openapi(contract.document) if contract is not None else []

    def base_url(self, server_url: str) -> str:
        return f"{server_url}{self.prefix}{self.base_path}"
