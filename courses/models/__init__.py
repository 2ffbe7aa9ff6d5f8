from .pages import (
    COURSE_CODE_VALIDATOR,
    CourseIndexPage,
    CoursePage,
    CoursePageTag,
    LessonPage,
    find_module_or_lesson,
)

__all__ = [
    "COURSE_CODE_VALIDATOR",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "LessonPage",
    "find_module_or_lesson",
]
