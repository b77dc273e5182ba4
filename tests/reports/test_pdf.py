from __future__ import annotations

import pytest

from reports import pdf


def test_the_print_stylesheet_is_read_from_local_static_files():
    path = pdf.static_file_path(pdf.BASE_URL + "static/reports/pdf.css")
    assert path is not None
    assert "@page" in path.read_text()


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/static/reports/pdf.css",
        "https://example.com/static/reports/pdf.css",
        "file:///etc/passwd",
        pdf.BASE_URL + "static/../config/settings.py",
        pdf.BASE_URL + "media/reports/secret.pdf",
    ],
)
def test_nothing_but_the_services_static_files_is_fetched(url):
    assert pdf.static_file_path(url) is None


def test_a_page_asking_for_a_remote_image_still_renders_without_fetching_it():
    html = '<p>Hello</p><img src="https://example.com/tracker.png" alt="">'
    assert pdf.count_pages(pdf.html_to_pdf(html)) == 1
