from __future__ import annotations

import gc

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


def test_the_garbage_collector_runs_less_often_while_weasyprint_works(monkeypatch):
    # The stylesheet is fetched while WeasyPrint lays the page out: the threshold then
    # is the one WeasyPrint works under.
    seen = []
    find_static_file = pdf.static_file_path

    def spy(url):
        seen.append(gc.get_threshold())
        return find_static_file(url)

    monkeypatch.setattr(pdf, "static_file_path", spy)
    before = gc.get_threshold()
    made = pdf.html_to_pdf('<link rel="stylesheet" href="/static/reports/pdf.css"><p>Hello</p>')

    assert pdf.count_pages(made) == 1
    assert seen == [pdf.RENDERING_GC_THRESHOLD]
    assert pdf.RENDERING_GC_THRESHOLD[0] > before[0]
    assert gc.get_threshold() == before


def test_the_usual_threshold_comes_back_when_rendering_fails():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), pdf.collecting_less():
        assert gc.get_threshold() == pdf.RENDERING_GC_THRESHOLD
        raise RuntimeError("the layout failed")
    assert gc.get_threshold() == before
