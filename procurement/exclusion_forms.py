"""Forms for exclusion: the supplier's declaration and the buyer's exclusion with a reason.
The rules live in `procurement.exclusion`."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import limited_text
from procurement.exclusion import TEXT_MAX
from procurement.exclusion_grounds import GROUNDS, Ground

YES_NO = [("yes", "Yes, this applies"), ("no", "No")]


class DeclarationForm(forms.Form):
    """For each ground: does it apply, and if so the details and any self-cleaning."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for ground in GROUNDS:
            self.fields[ground.code] = forms.ChoiceField(
                label=f"{ground.title} ({ground.citation})",
                help_text=ground.explanation,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether “{ground.title}” applies"},
            )
            self.fields[f"{ground.code}_details"] = limited_text(
                "If it applies: what happened and when",
                max_length=TEXT_MAX,
                what="Details",
                required=False,
            )
            self.fields[f"{ground.code}_self_cleaning"] = limited_text(
                "If it applies: what you have done to put it right and stop it happening "
                "again (optional)",
                max_length=TEXT_MAX,
                what="Your answer",
                required=False,
            )

    def grounds(self) -> list[tuple[Ground, list[forms.BoundField]]]:
        return [
            (
                ground,
                [
                    self[ground.code],
                    self[f"{ground.code}_details"],
                    self[f"{ground.code}_self_cleaning"],
                ],
            )
            for ground in GROUNDS
        ]

    def answers(self) -> dict[str, dict[str, object]]:
        data = self.cleaned_data
        return {
            ground.code: {
                "applies": data.get(ground.code) == "yes",
                "details": data.get(f"{ground.code}_details", ""),
                "self_cleaning": data.get(f"{ground.code}_self_cleaning", ""),
            }
            for ground in GROUNDS
        }


class ExcludeForm(forms.Form):
    prefix_letter = "x"
    reason = limited_text(
        "Why are you excluding this supplier?",
        max_length=TEXT_MAX,
        what="The reason",
        help_text="The supplier is shown this. Name the exclusion ground and the facts.",
        error_messages={"required": "Give the reason for excluding the supplier"},
    )


class DownSelectForm(forms.Form):
    prefix_letter = "d"
    reason = limited_text(
        "Why is this supplier not going forward?",
        max_length=TEXT_MAX,
        what="The reason",
        help_text="The supplier is shown this. Say how its answers compared with the others.",
        error_messages={"required": "Give the reason for not taking the supplier forward"},
    )
