from meetfirst import __version__


def test_it_prints_its_version(run_cli):
    result = run_cli("version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_an_unknown_command_fails_with_a_usage_error(run_cli):
    result = run_cli("no-such-command")
    assert result.exit_code == 2
