from labkit.__main__ import main
from labkit.doctor import Finding, check_data, check_lock, check_memory, check_python


def test_lock_matches_this_environment():
    finding = check_lock()
    assert finding.ok, finding.line()


def test_lock_mismatch_is_reported_with_a_fix(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==0.0.1\nsurely-not-installed-package==1.0\nother==1.0 ; sys_platform == 'nonexistent'\n")
    finding = check_lock(lock)
    assert not finding.ok and "2 of 2" in finding.what and "tasks.py" in finding.fix


def test_simple_checks_pass_here():
    for finding in (check_python(), check_data(), check_memory()):
        assert isinstance(finding, Finding) and finding.ok, finding.line()


def test_usage(capsys):
    assert main(["--help"]) == 0
    assert main(["nonsense"]) == 2
    assert "doctor" in capsys.readouterr().out
