"""The dashboard (``/_mock/ui/``): the admin surface for a person, server-rendered with Jinja2.

Templates and static assets live in this package so they ship in the wheel; third-party assets
are vendored under ``static/vendor/`` with their licences (see ``static/vendor/VENDORED.md``).
"""

from mockserver.admin.ui.pages import create_blueprint

__all__ = ["create_blueprint"]
