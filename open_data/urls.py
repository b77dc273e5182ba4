from django.urls import path

from open_data import downloads, index_views

app_name = "open_data"

urlpatterns: list = []

# The open data page and its CSV downloads (open_data/index_views.py, downloads.py).
urlpatterns += [
    path("", index_views.index, name="index"),
    *[
        path(
            f"{download.slug}.csv",
            downloads.download_csv,
            {"slug": download.slug},
            name=download.url_name.removeprefix("open_data:"),
        )
        for download in downloads.DOWNLOADS
    ],
]
