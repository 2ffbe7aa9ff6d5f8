"""Quizzes: the quiz page, question blocks, frozen attempts, grading, GIFT and item analysis.
Learning takes part in starting an attempt through hooks (`quizzes.services`)."""
