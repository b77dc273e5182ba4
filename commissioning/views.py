from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def mission_list(request: HttpRequest) -> HttpResponse:
    return render(request, "under_construction.html")


def commission_list(request: HttpRequest) -> HttpResponse:
    return render(request, "under_construction.html")
