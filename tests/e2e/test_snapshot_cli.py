"""``mockserver tenants snapshot ID > file.json`` and ``mockserver tenants load ID file.json``
against a running server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from mockserver.cli import main
from mockserver.client import AdminClient
from mockserver.testing import TenantHandle
from tests.admin.test_snapshots import workspace_create, workspace_lookup


def test_snapshot_to_a_file_and_load_it_into_another_tenant(
    tmp_path: Path, mockserver: Any, mock_tenant: TenantHandle, mock_admin: AdminClient
) -> None:
    created = workspace_create(mock_tenant)
    saved = CliRunner().invoke(main, ["tenants", "--url", mockserver.url, "snapshot", mock_tenant.id])
    assert saved.exit_code == 0, saved.output
    assert json.loads(saved.output)["format_version"] == 1
    world = tmp_path / "world.json"
    world.write_text(saved.output)
    other = mock_admin.create_tenant()
    try:
        loaded = CliRunner().invoke(main, ["tenants", "--url", mockserver.url, "load", other.id, str(world)])
        assert loaded.exit_code == 0, loaded.output
        assert loaded.output == f"loaded {world} into {other.id}\n"
        assert workspace_lookup(other, created)
    finally:
        mock_admin.delete_tenant(other.id)


def test_load_refuses_a_file_that_is_not_json_or_not_a_snapshot(
    tmp_path: Path, mockserver: Any, mock_tenant: TenantHandle
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = CliRunner().invoke(
        main, ["tenants", "--url", mockserver.url, "load", mock_tenant.id, str(broken)]
    )
    assert result.exit_code == 1 and f"{broken} is not JSON" in result.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format_version": 7}')
    result = CliRunner().invoke(
        main, ["tenants", "--url", mockserver.url, "load", mock_tenant.id, str(wrong)]
    )
    assert result.exit_code == 1
    assert "the server answered 400: format_version: expected 1, not 7" in result.output
