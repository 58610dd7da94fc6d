import pytest

from mockserver.core.bodies import BodyError, parse_body, parse_form, parse_json


def test_cakephp_nested_and_flat_form_keys():
    form = parse_form(b"data%5BQuotation%5D%5Bcontact_id%5D=521&name=x&tags%5B%5D=a&tags%5B%5D=b")
    assert form == {"data": {"Quotation": {"contact_id": "521"}}, "name": "x", "tags": ["a", "b"]}


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b"\xff\xfe{}", "bad_encoding"),
        (b'{"a": ', "malformed"),
        (b"[" * 100 + b"]" * 100, "too_deep"),
    ],
)
def test_json_failures_have_kinds(raw, kind):
    with pytest.raises(BodyError) as caught:
        parse_json(raw)
    assert caught.value.kind == kind


def test_depth_check_ignores_brackets_in_strings():
    assert parse_json(b'{"a": "[[[[' + b"[" * 100 + b'"}') == {"a": "[[[[" + "[" * 100}


def test_parse_body_by_content_type():
    assert parse_body(b'{"a":1}', "application/json; charset=utf-8") == {"a": 1}
    assert parse_body(b"[1]", None) == [1]
    assert parse_body(b"a=1", "application/x-www-form-urlencoded") == {"a": "1"}
    assert parse_body(b"", "application/json") == {}
    with pytest.raises(BodyError):
        parse_body(b"a=%ff", "application/x-www-form-urlencoded")
