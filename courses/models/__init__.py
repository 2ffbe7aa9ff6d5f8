from .pages import (
    COURSE_CODE_VALIDATOR,
    CourseIndexPage,
    CoursePage,
    CoursePageTag,
    LessonPage,
)
from .progress import Enrollment, LessonProgress

__all__ = [
    "COURSE_CODE_VALIDATOR",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "Enrollment",
    "LessonPage",
    "LessonProgress",
]
