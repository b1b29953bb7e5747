"""The one exception the client raises, and only where asked to (`strict=True`) or on misuse."""


class SpikewatchError(Exception):
    """Logged data was refused or could not be logged."""
