class DomainError(Exception):
    """A rule of the service was broken; the message is safe to show to the person.

    `field` names the form field the rule is about, if any, so a form shows the message
    beside what was typed (`core.forms.add_domain_error`).
    """

    field: str | None = None

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class InvalidTransition(DomainError):
    """A move its lifecycle does not allow. `current` and `target` are the statuses' labels,
    so the message reads "You cannot move this tender from Draft to Awarded."."""

    def __init__(self, current: str, target: str, *, noun: str = "record") -> None:
        self.current, self.target, self.noun = current, target, noun
        super().__init__(f"You cannot move this {noun} from {current} to {target}.")
