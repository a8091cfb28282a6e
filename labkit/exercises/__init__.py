"""Each notebook's exercise checks, one module per notebook (``ex00_baseline`` for 00, ...).

Every check takes the learner's function and returns a :class:`labkit.checks.CheckResult`.
An exercise is written once, in its lesson ``lessons/NN_name.py``: the function with its reference
solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, then the check call.
``tools/build_notebooks.py`` turns the block into the stub ``...  # your code here`` in the notebook
and writes the solution into ``notebooks/solutions/NN_name.py``. ``tests/test_exercises.py`` proves
each check: that reference solution passes, and plausible wrong answers do not;
``tests/test_lessons.py`` that every exported check is used by an exercise.
"""
