from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def tender_list(request: HttpRequest) -> HttpResponse:
    return render(request, "under_construction.html")


def my_bids(request: HttpRequest) -> HttpResponse:
    return render(request, "under_construction.html")
