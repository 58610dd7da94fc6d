"""Seed data: committed JSON files generated deterministically with Faker.

The committed files are what a tenant loads when created with the default seed, so creating a
tenant never runs Faker (fast). A tenant asked for another seed gets freshly generated data,
cached per seed. ``mockserver fixtures generate`` rewrites the committed files.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from faker import Faker

    from mockserver.core.vendor import Vendor

DEFAULT_SEED = 42


def source_fixtures_dir() -> Path | None:
    """``fixtures/`` of a source checkout (where ``fixtures generate`` writes), or ``None`` for an
    installed package, whose data is never rewritten in place."""
    source = Path(__file__).resolve().parents[2] / "fixtures"
    return source if source.is_dir() and (source.parent / "pyproject.toml").is_file() else None


def fixtures_dir() -> Path:
    """``fixtures/`` of the source tree, or the copy packaged into an installed wheel."""
    return source_fixtures_dir() or Path(__file__).resolve().parents[1] / "_data" / "fixtures"


def fixture_path(vendor_name: str, directory: Path | None = None) -> Path:
    return (directory or fixtures_dir()) / f"{vendor_name}.json"


def render(vendor: Vendor, seed: int) -> str:
    """The fixture file's exact text for a seed: what ``generate`` writes and tests compare."""
    document = {
        "vendor": vendor.name,
        "seed": seed,
        "locale": vendor.locale,
        "collections": vendor.generate_fixtures(seed),
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def write(vendor: Vendor, seed: int, directory: Path) -> Path:
    path = fixture_path(vendor.name, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(vendor, seed), encoding="utf-8")
    return path


_lock = threading.Lock()
_texts: dict[tuple[str, int | None], str] = {}


def load(vendor: Vendor, seed: int | None) -> dict[str, list[dict[str, Any]]]:
    """Fresh objects (never shared between tenants) of the vendor's seed data for ``seed``.

    ``None`` or the committed file's own seed load the committed file; another seed generates.
    """
    key = (vendor.name, seed)
    with _lock:
        text = _texts.get(key)
    if text is None:
        path = fixture_path(vendor.name)
        committed = path.read_text("utf-8") if path.exists() else None
        if committed is not None and (seed is None or json.loads(committed)["seed"] == seed):
            text = committed
        else:
            text = render(vendor, DEFAULT_SEED if seed is None else seed)
        with _lock:
            _texts[key] = text
    return json.loads(text)["collections"]


@lru_cache(maxsize=32)
def _faker_class() -> type:
    from faker import Faker  # imported lazily: serving committed fixtures never needs Faker

    return Faker


def faker(locale: str, seed: int) -> Faker:
    """A Faker whose output depends only on (locale, seed): the basis of deterministic fixtures."""
    fake = _faker_class()(locale)
    fake.seed_instance(seed)
    return fake
