from .accommodations import Accommodation
from .attempts import Attempt
from .pages import QuizPage

__all__ = ["Accommodation", "Attempt", "QuizPage"]
