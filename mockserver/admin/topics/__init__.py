"""The admin API by topic: each module is one Flask ``Blueprint`` named ``blueprint``, its routes
written with their full ``/_mock/...`` paths. ``mockserver.admin.routes.TOPICS`` lists them; a new
topic is a new module here and one line there."""
