"""The release drawing the page, for the keys of fragments kept with `{% cache %}`:

    {% load cache kindred_release %}{% release_digest as release %}
    {% cache 600 mission-summary mission.pk figures_version release %}…{% endcache %}

so a new release never serves a fragment an earlier one drew (core/release.py).
"""

from __future__ import annotations

from django import template

from core import release

register = template.Library()


@register.simple_tag
def release_digest() -> str:
    return release.release_digest()
