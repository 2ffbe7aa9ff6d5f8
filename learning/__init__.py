"""Learning: the learner's path through a module: enrolment, lesson progress, the
completion rule, the learner status on module pages, and the dashboard."""
