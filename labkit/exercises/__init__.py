"""Each notebook's exercise checks, one module per notebook (``ex00_baseline`` for 00, ...).

Every check takes the learner's function and returns a :class:`labkit.checks.CheckResult`.
``tests/test_exercises.py`` proves each: the reference solution in ``notebooks/solutions/``
passes, and plausible wrong answers do not.
"""
