"""The starter glossary of procurement jargon that every organisation's check uses."""

from django.db import migrations

STARTER_TERMS: list[tuple[str, str, str]] = [
    ("leverage", "use, draw on", ""),
    ("deliverables", "what you will provide, results", ""),
    ("SLA", "agreed service level", "Spell out what level of service you expect."),
    ("service level agreement", "agreed service level", ""),
    (
        "TUPE",
        "staff who transfer to the new provider keep their terms",
        "Say what happens to staff rather than naming the regulations.",
    ),
    ("KPI", "measure, target", "Say what you will measure."),
    ("key performance indicator", "measure, target", ""),
    ("stakeholder", "the people involved, residents, partners", "Name the people you mean."),
    ("going forward", "from now on, in future", ""),
    ("utilise", "use", ""),
    ("utilize", "use", ""),
    ("facilitate", "help, run, make possible", ""),
    ("synergy", "working together", ""),
    ("synergies", "benefits of working together", ""),
    ("mobilisation", "getting ready to start", ""),
    ("robust", "strong, reliable, thorough", ""),
    ("holistic", "whole, joined-up", ""),
    ("capacity building", "training, support, helping groups grow", ""),
    ("value for money", "good value, a fair price", "Say what good value means here."),
    ("best in class", "the best, excellent", ""),
    ("outcomes-based", "focused on results for people", ""),
    ("best practice", "what works well", ""),
    ("collaborate", "work with", ""),
    ("commence", "start, begin", ""),
    ("in order to", "to", ""),
    ("prior to", "before", ""),
    ("in respect of", "about, for", ""),
    ("with regard to", "about", ""),
    ("whilst", "while", ""),
    ("ensure", "make sure", ""),
    ("drive", "improve, increase", "Say what you want to change."),
    ("empower", "help, let, give people control", ""),
    ("key", "important (or leave it out)", ""),
    ("streamline", "simplify", ""),
    ("innovative", "new, different", "Say what is new about it."),
    ("bandwidth", "time, capacity", ""),
    ("touch base", "talk, meet", ""),
    ("co-production", "designing services with the people who use them", ""),
    ("co-design", "designing with the people who will use it", ""),
    ("upskilling", "training", ""),
    ("pathway", "route, steps", ""),
    ("whole system approach", "everyone working together", ""),
    ("incentivise", "encourage", ""),
    ("tackle", "deal with, solve", ""),
    ("overarching", "main, overall", ""),
    ("proactive", "act early, plan ahead", ""),
    ("impactful", "effective, useful", ""),
    ("agile", "flexible", "Only use it for the software method."),
    ("ring-fenced", "kept for one purpose", ""),
]


def add_starter_terms(apps, schema_editor) -> None:
    GlossaryTerm = apps.get_model("commissioning", "GlossaryTerm")
    for term, plain_alternative, explanation in STARTER_TERMS:
        GlossaryTerm.objects.update_or_create(
            organisation=None,
            term=term,
            defaults={"plain_alternative": plain_alternative, "explanation": explanation},
        )


def remove_starter_terms(apps, schema_editor) -> None:
    GlossaryTerm = apps.get_model("commissioning", "GlossaryTerm")
    GlossaryTerm.objects.filter(
        organisation=None, term__in=[term for term, _, _ in STARTER_TERMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0002_outcomes_evidence_options_requirements_glossary")]

    operations = [migrations.RunPython(add_starter_terms, remove_starter_terms)]
