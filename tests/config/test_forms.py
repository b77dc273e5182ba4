"""The GOV.UK form renderer: a textarea with a limit shows it before anyone types."""

from django import forms

from config.forms import limited_text


class NoteForm(forms.Form):
    note = limited_text("Your note", max_length=20, what="Your note", help_text="Be brief.")
    free = forms.CharField(label="Anything else", widget=forms.Textarea, required=False)


def test_a_textarea_with_a_limit_is_a_character_count_without_maxlength():
    html = str(NoteForm())

    assert 'data-module="govuk-character-count" data-maxlength="20"' in html
    assert 'class="govuk-textarea govuk-js-character-count"' in html
    assert 'aria-describedby="id_note-info id_note-hint"' in html
    assert "You can enter up to 20 characters" in html
    assert " maxlength=" not in html


def test_a_textarea_without_a_limit_stays_plain():
    html = NoteForm()["free"].as_field_group()

    assert "govuk-character-count" not in html
    assert 'class="govuk-textarea"' in html


def test_a_long_text_is_kept_with_an_error_naming_the_limit():
    form = NoteForm(data={"note": "x" * 21})

    assert not form.is_valid()
    assert form.errors["note"] == ["Your note must be 20 characters or fewer"]
    html = str(form)
    assert f"{'x' * 21}</textarea>" in html
    assert 'id="id_note-error"' in html
    assert "govuk-textarea--error" in html
    assert "govuk-form-group--error" in html
