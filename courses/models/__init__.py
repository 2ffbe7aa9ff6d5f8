from .pages import (
    COURSE_CODE_VALIDATOR,
    CourseIndexPage,
    CoursePage,
    CoursePageTag,
    LessonPage,
)

__all__ = [
    "COURSE_CODE_VALIDATOR",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "LessonPage",
]
