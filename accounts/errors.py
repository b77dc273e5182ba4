class DomainError(Exception):
    """A rule of the service was broken; the message is safe to show to the person.

    `field` names the form field the rule is about, if any, so a form shows the message
    beside what was typed (`config.forms.add_domain_error`).
    """

    field: str | None = None

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class InvalidTransition(DomainError):
    def __init__(self, current: str, target: str) -> None:
        self.current, self.target = current, target
        super().__init__(f"This cannot move from “{current}” to “{target}”.")
