from __future__ import annotations

from core.cache import drawing_code_digest


def test_the_drawing_code_digest_changes_with_the_files_it_reads(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    files = (("templates", "*.html"),)
    page.write_text("<p>One</p>")
    drawing_code_digest.cache_clear()
    try:
        first = drawing_code_digest(files)
        assert drawing_code_digest(files) == first
        page.write_text("<p>Two</p>")
        drawing_code_digest.cache_clear()
        assert drawing_code_digest(files) != first
    finally:
        drawing_code_digest.cache_clear()
