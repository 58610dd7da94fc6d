from __future__ import annotations

from werkzeug.test import Client

from tests.core.conftest import echo_server

TOKEN = "?token=demo-echo-token"


def make(client: Client, **body) -> dict:
    created = client.post("/_mock/tenants", json=body)
    assert created.status_code == 201
    return created.json


def test_new_tenant_has_fresh_unguessable_credentials_and_its_own_data(echo: Client):
    a, b = make(echo, name="a"), make(echo, name="b")
    token_a, token_b = a["credentials"]["echo"]["token"], b["credentials"]["echo"]["token"]
    assert len({token_a, token_b, "demo-echo-token"}) == 3 and len(token_a) == 32
    assert echo.post(f"/echo/api/things?token={token_a}", json={"name": "only-a"}).status_code == 201
    names_a = [t["name"] for t in echo.get(f"/echo/api/things?token={token_a}").json]
    names_b = [t["name"] for t in echo.get(f"/echo/api/things?token={token_b}").json]
    assert "only-a" in names_a and "only-a" not in names_b
    assert echo.get("/echo/api/things/4" + f"?token={token_b}").status_code == 404


def test_seed_and_empty_fixtures(echo: Client):
    seeded = make(echo, seed=7)["credentials"]["echo"]["token"]
    empty = make(echo, fixtures="empty")["credentials"]["echo"]["token"]
    assert echo.get(f"/echo/api/things?token={seeded}").json[0]["name"] == "thing-7-1"
    assert echo.get(f"/echo/api/things?token={empty}").json == []


def test_reset_restores_the_seed_and_delete_revokes_credentials(echo: Client):
    tenant = make(echo)
    token = tenant["credentials"]["echo"]["token"]
    echo.post(f"/echo/api/things?token={token}", json={"name": "temp"})
    assert echo.post(f"/_mock/tenants/{tenant['id']}/reset").status_code == 204
    assert len(echo.get(f"/echo/api/things?token={token}").json) == 3
    assert echo.delete(f"/_mock/tenants/{tenant['id']}").status_code == 204
    assert echo.get(f"/echo/api/things?token={token}").status_code == 401
    assert echo.get(f"/_mock/tenants/{tenant['id']}").status_code == 404


def test_global_reset_keeps_only_a_fresh_demo(echo: Client):
    make(echo)
    echo.post("/echo/api/things" + TOKEN, json={"name": "x"})
    assert echo.post("/_mock/reset").status_code == 204
    assert [t["id"] for t in echo.get("/_mock/tenants").json["tenants"]] == ["demo"]
    assert len(echo.get("/echo/api/things" + TOKEN).json) == 3


def test_settings_merge_patch_validation_and_null_restores_default(echo: Client):
    url = "/_mock/tenants/demo/settings"
    assert echo.get(url).json == {"echo": {"greeting": "hello", "limits": {"page": 10}}}
    patched = echo.patch(url, json={"echo": {"limits": {"page": 50}}})
    assert patched.json["echo"] == {"greeting": "hello", "limits": {"page": 50}}
    assert echo.get("/echo/api/settings" + TOKEN).json["limits"]["page"] == 50
    for bad in ({"nope": {}}, {"echo": {"colour": 1}}, {"echo": {"limits": {"page": "x"}}}, [1]):
        answer = echo.patch(url, json=bad)
        assert answer.status_code == 400 and "error" in answer.json
    assert echo.patch(url, json={"echo": {"limits": None}}).json["echo"]["limits"] == {"page": 10}


def test_tenant_creation_refuses_bad_input(echo: Client):
    for body in ({"seed": "x"}, {"seed": -1}, {"fixtures": "lots"}, {"name": ""}, {"extra": 1}):
        answer = echo.post("/_mock/tenants", json=body)
        assert answer.status_code == 400 and "error" in answer.json
    assert echo.post("/_mock/tenants", data=b"{nope", content_type="application/json").status_code == 400


def test_state_survives_a_restart_with_a_data_dir(tmp_path):
    first = Client(echo_server(data_dir=tmp_path))
    tenant = make(first, name="kept")
    token = tenant["credentials"]["echo"]["token"]
    first.post(f"/echo/api/things?token={token}", json={"name": "persisted"})
    first.patch(f"/_mock/tenants/{tenant['id']}/settings", json={"echo": {"greeting": "hoi"}})

    second = Client(echo_server(data_dir=tmp_path))
    names = [t["name"] for t in second.get(f"/echo/api/things?token={token}").json]
    assert names[-1] == "persisted" and len(names) == 4
    assert second.get(f"/echo/api/settings?token={token}").json["greeting"] == "hoi"
    assert {t["id"] for t in second.get("/_mock/tenants").json["tenants"]} == {"demo", tenant["id"]}


def test_parsed_settings_are_kept_until_the_next_patch(echo_app):
    tenant = echo_app.tenants.get("demo")
    parses = []

    def parse(raw: dict) -> int:
        parses.append(raw["limits"]["page"])
        return raw["limits"]["page"] * 2

    assert tenant.parsed_settings("echo", parse) == 20
    assert tenant.parsed_settings("echo", parse) == 20
    assert parses == [10]
    echo_app.tenants.patch_settings("demo", {"echo": {"limits": {"page": 7}}})
    assert tenant.parsed_settings("echo", parse) == 14
    assert tenant.settings_for("echo")["limits"] == {"page": 7}
    assert parses == [10, 7]
