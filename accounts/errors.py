class DomainError(Exception):
    """A rule of the service was broken; the message is safe to show to the person."""


class InvalidTransition(DomainError):
    def __init__(self, current: str, target: str) -> None:
        self.current, self.target = current, target
        super().__init__(f"This cannot move from “{current}” to “{target}”.")
