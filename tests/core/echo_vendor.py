"""A minimal vendor for testing the platform without any real vendor's rules."""

from __future__ import annotations

from werkzeug.wrappers import Response

from mockserver.core.bodies import BodyError, parse_body
from mockserver.core.http import (
    VendorError,
    json_response,
    replayable,
    request,
    server,
    tenant,
    vendor_flask_app,
)
from mockserver.core.pipeline import Credentials
from mockserver.core.vendor import Problem, Vendor


class Unauthorized(VendorError):
    def response(self) -> Response:
        return json_response({"echo_error": "unauthorized"}, 401)


class EchoVendor(Vendor):
    name = "echo"
    title = "Echo (test vendor)"
    prefix = "/echo"
    base_path = "/api"
    hostnames = ("api.echo.test",)
    demo_credentials = {"token": "demo-echo-token"}
    default_settings = {"greeting": "hello", "limits": {"page": 10}}
    #: ``/api/greeting`` answers in the caller's language
    replay_headers = ("Accept-Language",)

    def generate_fixtures(self, seed: int) -> dict[str, list[dict]]:
        return {"things": [{"id": i, "name": f"thing-{seed}-{i}"} for i in range(1, 4)]}

    def problem_response(self, problem: Problem) -> Response:
        return json_response({"echo_error": problem.message, "kind": problem.kind}, problem.status)

    def read_credentials(self, request) -> Credentials:
        found = self.server.tenants.by_credential("echo", "token", request.args.get("token"))
        if found is None:
            raise Unauthorized()
        return Credentials(found)

    def needs_credentials(self, request) -> bool:
        return True

    def create_wsgi_app(self):
        app = vendor_flask_app(self)

        # reads declare their answers replayable (core.replay); /api/clock does not: it changes
        # with the mock clock, which is no part of a replay's basis
        @app.get("/api/things")
        def list_things():
            data = tenant().data("echo")
            replayable(data)
            return json_response(data.collection("things").all())

        @app.get("/api/things/<thing_id>")
        def get_thing(thing_id: str):
            data = tenant().data("echo")
            replayable(data)
            found = data.collection("things").get(thing_id)
            if found is None:
                return json_response({"echo_error": "not found"}, 404)
            return json_response(found)

        @app.post("/api/things")
        def add_thing():
            try:
                body = parse_body(request.get_data(), request.content_type, allow_empty=False)
            except BodyError as exc:
                return json_response({"echo_error": exc.message, "kind": exc.kind}, 400)
            return json_response(tenant().data("echo").collection("things").insert(body), 201)

        @app.get("/api/settings")
        def show_settings():
            replayable(tenant().data("echo"))
            return json_response(tenant().settings_for("echo"))

        @app.get("/api/greeting")
        def greet():
            replayable(tenant().data("echo"))
            language = request.headers.get("Accept-Language", "en")
            greeting = tenant().settings_for("echo")["greeting"]
            return json_response({"greeting": greeting, "language": language})

        @app.get("/api/clock")
        def show_clock():
            return json_response({"now": server().clock.time()})

        @app.get("/api/crash")
        def crash():
            raise RuntimeError("boom")

        return app
