"""The GOV.UK form renderer: a limit shows before anyone types, and a longer text is kept
with an error rather than cut short."""

from django import forms

from core.forms import limited_line, limited_text


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


class TitleForm(forms.Form):
    title = forms.CharField(label="Title", max_length=10)
    who = forms.CharField(label="Who will do it?", max_length=5, required=False)
    name = limited_line("Name", max_length=8, hint="For example, Ada")


def test_a_one_line_input_with_a_limit_has_no_maxlength():
    html = str(TitleForm())

    assert 'name="title"' in html
    assert 'type="text" name="title" class="govuk-input"' in html
    assert "maxlength" not in html


def test_a_long_title_is_kept_with_an_error_in_govuk_words():
    typed = "A title much longer than ten characters"
    form = TitleForm(data={"title": typed, "who": "Somebody", "name": "Ada"})

    assert not form.is_valid()
    assert form.errors["title"] == ["Title must be 10 characters or fewer"]
    assert form.errors["who"] == ["Your answer must be 5 characters or fewer"]
    html = form["title"].as_field_group()
    assert f'value="{typed}"' in html
    assert "govuk-input--error" in html
    assert "Title must be 10 characters or fewer" in html
    assert "maxlength" not in html


def test_a_field_keeps_its_own_message_for_a_long_text():
    form = NoteForm(data={"note": "x" * 21})

    assert not form.is_valid()
    assert form.errors["note"] == ["Your note must be 20 characters or fewer"]


def test_a_limited_line_shows_its_limit_in_the_hint():
    html = TitleForm()["name"].as_field_group()

    assert "For example, Ada. You can enter up to 8 characters." in html
    assert 'aria-describedby="id_name-hint"' in html
    assert TitleForm(data={"title": "T", "name": "Adalovelace"}).errors["name"] == [
        "Name must be 8 characters or fewer"
    ]
