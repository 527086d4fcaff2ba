import tomllib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from meetfirst.core.errors import BadInput, PolicyProblem
from meetfirst.core.policy import DEFAULT_TEMPLATE, Policy, RuleSettings
from meetfirst.services import policy as service


def write(home, text):
    path = home / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problem(home, text) -> PolicyProblem:
    write(home, text)
    with pytest.raises(PolicyProblem) as caught:
        service.load_policy()
    return caught.value


def test_the_policy_file_lives_in_the_home_folder(home):
    assert service.policy_path() == home / "policy.toml"


def test_a_missing_file_means_the_defaults(home):
    assert service.load_policy() == Policy()


def test_the_default_file_is_commented_toml_that_loads_as_the_defaults(home):
    path = service.write_default_policy()
    text = path.read_text(encoding="utf-8")
    assert text.count("\n# ") >= 5
    assert "template = '''" in text
    assert "patience_days = 30" in text
    assert "[rules]" in text
    assert tomllib.loads(text)["template"] == DEFAULT_TEMPLATE
    assert service.load_policy() == Policy()


def test_writing_the_defaults_does_not_overwrite_a_policy_unless_told(home):
    write(home, "patience_days = 12\n")
    with pytest.raises(BadInput):
        service.write_default_policy()
    assert service.load_policy().patience_days == 12
    service.write_default_policy(overwrite=True)
    assert service.load_policy().patience_days == 30


def test_a_saved_policy_loads_back_the_same(home):
    policy = Policy(
        template="Hello {{ first_name }}, it's '''me'''\n\tbye \\ {{ owner.first_name }}\n",
        patience_days=21,
        timezone="Europe/Lisbon",
        rules=RuleSettings(duplicate_note_threshold=5, bizarre_phrases=("forex", 'say "hi"')),
    )
    service.save_policy(policy)
    assert service.load_policy() == policy


def test_the_file_overrides_only_what_it_sets(home):
    write(home, 'patience_days = 14\n\n[rules]\nbizarre_phrases = ["forex"]\n')
    policy = service.load_policy()
    assert policy.patience_days == 14
    assert policy.template == DEFAULT_TEMPLATE
    assert policy.rules.bizarre_phrases == ("forex",)
    assert policy.rules.duplicate_note_threshold == 3


def test_invalid_toml_names_the_file_and_line(home):
    caught = problem(home, 'timezone = ""\npatience_days = = 3\n')
    assert caught.line == 2
    assert str(home / "policy.toml") in caught.message
    assert ":2:" in caught.message


def test_a_wrong_type_names_the_setting_and_line(home):
    caught = problem(home, '# mine\n\npatience_days = "thirty"\n')
    assert caught.line == 3
    assert "patience_days must be a whole number" in caught.message


def test_a_boolean_is_not_a_number_of_days(home):
    assert problem(home, "patience_days = true\n").line == 1


def test_an_unknown_setting_names_its_line(home):
    caught = problem(home, "patience_days = 10\npatiense = 3\n")
    assert caught.line == 2
    assert "patiense" in caught.message


def test_an_unknown_rule_setting_names_its_line_inside_the_table(home):
    caught = problem(
        home, "patience_days = 10\n\n[rules]\nduplicate_note_threshold = 2\nbizare_phrases = []\n"
    )
    assert caught.line == 5
    assert "bizare_phrases" in caught.message


def test_a_patience_under_one_day_is_refused(home):
    caught = problem(home, "\npatience_days = 0\n")
    assert caught.line == 2
    assert "at least 1" in caught.message


def test_an_unknown_time_zone_is_refused(home):
    caught = problem(home, 'timezone = "Mars/Olympus"\n')
    assert caught.line == 1


def test_bizarre_phrases_must_be_strings(home):
    caught = problem(home, "[rules]\nbizarre_phrases = [1, 2]\n")
    assert caught.line == 2


def test_a_template_error_names_the_file_line_not_the_template_line(home):
    text = "# my policy\npatience_days = 20\ntemplate = '''\n"
    text += "Hi {{ first_name }},\n\nBest,\n{{ owner.frist_name }}\n'''\n"
    caught = problem(home, text)
    assert caught.line == 7
    assert "owner.frist_name" in caught.message
    assert f"{home / 'policy.toml'}:7:" in caught.message


def test_a_one_line_template_error_points_at_its_line(home):
    caught = problem(home, 'patience_days = 20\ntemplate = "Hi {{ nmae }}"\n')
    assert caught.line == 2


def test_a_template_that_tries_to_escape_is_a_policy_problem(home):
    caught = problem(home, "template = '''\n{{ ''.__class__.__mro__ }}\n'''\n")
    assert caught.line == 2


def test_an_unreadable_policy_file_is_a_policy_problem(home):
    (home / "policy.toml").write_bytes(b"template = '\xff\xfe'\n")
    with pytest.raises(PolicyProblem):
        service.load_policy()


def test_a_time_without_a_zone_is_read_in_the_owners_zone(home):
    write(home, 'timezone = "Europe/Lisbon"\n')
    moment = service.parse_user_time("2026-07-01 09:30")
    assert moment == datetime(2026, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/Lisbon"))
    assert moment.tzinfo == UTC


def test_an_iso_time_with_an_offset_keeps_it(home):
    assert service.parse_user_time("2026-07-01T09:30:00+02:00") == datetime(2026, 7, 1, 7, 30, tzinfo=UTC)
    assert service.parse_user_time("2026-07-01T09:30:00Z") == datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def test_an_unreadable_time_is_bad_input(home):
    with pytest.raises(BadInput):
        service.parse_user_time("next tuesday")


def test_a_byte_order_mark_from_a_windows_editor_is_fine(home):
    (home / "policy.toml").write_bytes("\ufeffpatience_days = 9\r\n".encode())
    assert service.load_policy().patience_days == 9


def test_the_cadence_table_overrides_the_defaults_per_kind(home):
    write(home, '[cadence]\nfriend = 21\n"climbing partner" = 14\nacquaintance = 0\n')
    policy = service.load_policy()
    assert policy.cadence["friend"] == 21
    assert policy.cadence["mentor"] == 60
    assert policy.cadence_for("Climbing Partner", None) == 14
    assert policy.cadence_for("acquaintance", None) is None
    assert policy.cadence_for("acquaintance", 30) == 30
    assert policy.cadence_for("", None) is None


def test_a_cadence_must_be_a_whole_number_of_days(home):
    assert problem(home, '[cadence]\nfriend = "often"\n').message.endswith(
        ":2: The policy file has an error: cadence.friend must be a whole number of days, not str"
    )
    assert ":3: " in problem(home, "[cadence]\nfriend = 3\nmentor = -1\n").message


def test_the_smtp_table_is_read_and_saved_back(home):
    write(
        home,
        '[smtp]\nhost = "mail.example.org"\nport = 465\nfrom = "a@x.org"\nto = "b@x.org"\nstarttls = false\n',
    )
    policy = service.load_policy()
    assert policy.smtp.configured
    assert (policy.smtp.port, policy.smtp.sender, policy.smtp.starttls) == (465, "a@x.org", False)
    service.save_policy(policy)
    assert service.load_policy() == policy
    assert service.policy_as_dict(policy)["smtp"]["from"] == "a@x.org"


def test_the_default_file_shows_the_cadences_and_an_smtp_example_commented_out(home):
    text = service.write_default_policy().read_text(encoding="utf-8")
    assert "[cadence]\n" in text and "mentor = 60" in text
    assert "# [smtp]" in text and "MEETFIRST_SMTP_PASSWORD" in text
    assert not service.load_policy().smtp.configured


def test_a_password_in_the_smtp_table_is_refused(home):
    caught = problem(home, '[smtp]\nhost = "h"\npassword = "hunter2"\n')
    assert caught.line == 3
    assert "MEETFIRST_SMTP_PASSWORD" in caught.message
    assert "hunter2" not in caught.message


def test_an_unknown_smtp_setting_or_a_bad_port_names_its_line(home):
    assert problem(home, '[smtp]\nhots = "h"\n').line == 2
    assert problem(home, "[smtp]\nport = 70000\n").line == 2
    assert problem(home, '[smtp]\nstarttls = "yes"\n').line == 2


def test_my_emails_and_phone_region_are_read_and_checked():
    from meetfirst.core.errors import PolicyProblem
    from meetfirst.services.policy import parse_policy

    read = parse_policy(
        'my_emails = ["Me@Example.org", "me@example.org"]\nphone_region = "gb"\n', file="p.toml"
    )
    assert (read.my_emails, read.phone_region) == (("me@example.org",), "GB")
    with pytest.raises(PolicyProblem, match=r"p\.toml:2: .*my_emails: 'nope' is not an e-mail address"):
        parse_policy('timezone = ""\nmy_emails = ["nope"]\n', file="p.toml")
    with pytest.raises(PolicyProblem, match=r"p\.toml:1: .*unknown phone_region 'XX'"):
        parse_policy('phone_region = "XX"\n', file="p.toml")


def test_the_written_policy_reads_back_with_my_emails_and_phone_region():
    from meetfirst.core.policy import Policy
    from meetfirst.services.policy import parse_policy, policy_toml

    policy = Policy(my_emails=("me@example.org",), phone_region="DE")

    assert parse_policy(policy_toml(policy), file="p.toml") == policy
