from mockserver.vendors import NAMES, vendor_classes


def test_every_vendor_is_registered_and_complete(app):
    """Every vendor package is registered and builds; the product mounts all five."""
    assert list(vendor_classes()) == list(NAMES)
    assert list(app.vendors) == ["werkbonapp", "flowii", "robaws", "workspace", "severa"]
    prefixes = {v.prefix for v in app.vendors.values()}
    assert prefixes == {"/werkbonapp", "/flowii", "/robaws", "/workspace", "/severa"}
