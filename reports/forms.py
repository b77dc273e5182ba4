from __future__ import annotations

from django import forms


class ReportRequestForm(forms.Form):
    kind = forms.CharField(max_length=60)
    object_id = forms.CharField(max_length=40)
