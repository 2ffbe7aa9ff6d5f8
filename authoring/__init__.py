"""Authoring: the module file (Markdown lessons plus a GIFT quiz) and `import_module`; it
knows both content and quizzes, so it sits above them."""
