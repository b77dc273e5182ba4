"""Every page carries the Content Security Policy; inline scripts carry its nonce, and
nothing inline is allowed without one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
NONCE = re.compile(r"'nonce-([^']+)'")


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def _assert_strict_policy_with_matching_nonce(response: Any) -> None:
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    nonces = NONCE.findall(" ".join(policy["script-src"]))
    assert len(nonces) == 1, policy["script-src"]
    html = response.content.decode()
    inline_scripts = [tag for tag in SCRIPT_TAG.findall(html) if " src=" not in tag]
    # base.html's two: the js-enabled class and GOV.UK Frontend's initAll.
    assert len(inline_scripts) >= 2
    for tag in inline_scripts:
        assert f'nonce="{nonces[0]}"' in tag, tag
    assert "<style" not in html
    assert " style=" not in html


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/opportunities/"])
def test_signed_out_pages_have_the_policy_and_the_nonce(client: Any, path: str) -> None:
    _assert_strict_policy_with_matching_nonce(client.get(path))


@pytest.mark.parametrize("name", ["home:dashboard", "accounts:notifications"])
def test_signed_in_pages_have_the_policy_and_the_nonce(
    client: Any, commissioner: Any, name: str
) -> None:
    client.force_login(commissioner)
    _assert_strict_policy_with_matching_nonce(client.get(reverse(name)))


def test_each_response_has_its_own_nonce(client: Any) -> None:
    first, second = (NONCE.search(client.get("/")["Content-Security-Policy"]) for _ in range(2))
    assert first and second and first.group(1) != second.group(1)


def test_error_pages_have_the_policy_too(client: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_htmx_is_told_not_to_add_its_inline_style(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in (
        response.content.decode()
    )
