"""``mockserver drift``: replay a recording of the real vendor (``serve --upstream ... --record``)
against the mock and report where the mock's answers differ in shape.

``shape`` and ``report`` are pure functions (the comparison and its words); ``replay`` sends the
recorded requests with a tenant's credentials (``credentials``) and ``command`` runs it all.
"""
