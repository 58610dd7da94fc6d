"""The ``/_mock`` admin API (normative: see DESIGN.md and ``contracts/admin.openapi.yaml``).

One module per topic in ``admin/topics`` (a ``Blueprint`` named ``blueprint``); a new topic is a
new module there and one line in ``admin.routes.TOPICS``. What topics share (the error shape, JSON
bodies, the tenant lock) is ``admin.common``; vendor admin routes import ``admin.helpers``.
"""

from mockserver.admin.routes import create_admin_app

__all__ = ["create_admin_app"]
