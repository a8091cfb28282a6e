import pytest

import labkit
from labkit._validate import LabkitInputError
from labkit.runtime import DEFAULT_SEEDS, seeds, setup


def test_default_seeds(clean_seeds_env):
    assert seeds() == DEFAULT_SEEDS == (0, 1, 2, 3, 4)


def test_seeds_from_environment(clean_seeds_env):
    clean_seeds_env.setenv("LABKIT_SEEDS", " 5, 17,29 ")
    assert seeds() == (5, 17, 29)


@pytest.mark.parametrize("raw", ["a,b", "1,1", "-1,2", ",,", "1;2", "1.5"])
def test_bad_seeds_environment_is_one_clear_line(clean_seeds_env, raw):
    clean_seeds_env.setenv("LABKIT_SEEDS", raw)
    with pytest.raises(ValueError, match="LABKIT_SEEDS") as error:
        seeds()
    assert "\n" not in str(error.value)


def test_empty_variable_means_default(clean_seeds_env):
    clean_seeds_env.setenv("LABKIT_SEEDS", "")
    assert seeds() == DEFAULT_SEEDS


def test_setup_makes_numpy_and_keras_repeatable():
    import keras
    import numpy as np

    setup(seed=7)
    first = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    setup(seed=7)
    second = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    setup(seed=8)
    other = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    assert not np.array_equal(first[0], other[0]) and not np.array_equal(first[1], other[1])  # the seed is used
    setup(seed=0)


@pytest.mark.parametrize("bad", [-1, 1.5, "0", None, True])
def test_setup_rejects_bad_seed(bad):
    with pytest.raises(LabkitInputError, match="'seed' argument of setup"):
        setup(seed=bad)


def _fresh_python(code: str) -> str:
    """Run ``code`` in a new interpreter with none of the quieting variables set; its stdout."""
    import os
    import subprocess
    import sys

    from labkit.runtime import _QUIET_ENVIRONMENT

    env = {k: v for k, v in os.environ.items() if k not in _QUIET_ENVIRONMENT}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_import_quiets_tensorflow_and_does_nothing_else():
    out = _fresh_python(
        "import os, sys, numpy as np; state = np.random.get_state()[1].copy(); import labkit;"
        "print(os.environ['TF_CPP_MIN_LOG_LEVEL'], os.environ['TF_ENABLE_ONEDNN_OPTS'], 'tensorflow' in sys.modules,"
        " bool((np.random.get_state()[1] == state).all()))"
    )
    assert out == "3 0 False True"  # quiet, TensorFlow not imported, numpy's generator untouched (not seeded)


def test_setup_imports_tensorflow_and_reports_it_fine():
    assert _fresh_python("import labkit; labkit.setup(); print(labkit.runtime.tensorflow_error())") == "None"


def test_lazy_attributes():
    assert labkit.load_digits_split is labkit.data.load_digits_split
    with pytest.raises(AttributeError):
        labkit.no_such_thing  # noqa: B018
