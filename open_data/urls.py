from django.urls import path

from open_data import downloads, index_views, ocds_views

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

# --- OCDS releases and records, and the Procurement Act notices ---------------------------
urlpatterns += [
    path("ocds/releases.json", ocds_views.ocds_releases, name="ocds_releases"),
    path(
        "ocds/<str:ocid>/releases.json",
        ocds_views.ocds_process_releases,
        name="ocds_process_releases",
    ),
    path("ocds/<str:ocid>/record.json", ocds_views.ocds_process_record, name="ocds_process_record"),
    path("ocds/notices/<str:release_id>.json", ocds_views.notice_json, name="notice_json"),
    path("ocds/notices/<str:release_id>/", ocds_views.notice, name="notice"),
]
