"""Breadcrumbs: a page's trail is a list of `Crumb`s that its view passes as
`breadcrumbs`; `templates/base.html` shows it with the one GOV.UK component
(`templates/components/_breadcrumbs.html`). Each app writes its trails once
(e.g. `commissioning/breadcrumbs.py`) and views build on them."""

from __future__ import annotations

from typing import NamedTuple


class Crumb(NamedTuple):
    label: str
    url: str
