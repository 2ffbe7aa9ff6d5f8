from .attempts import Attempt
from .pages import QuizPage

__all__ = ["Attempt", "QuizPage"]
