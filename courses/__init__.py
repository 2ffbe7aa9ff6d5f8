"""Courses: content only: the catalog, module and lesson pages, their blocks, Markdown and the
cached module outline. Higher layers extend its pages through `courses.extensions`."""
