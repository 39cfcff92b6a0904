"""Every option of every command says what it does (`--help` is the user's manual)."""
import argparse

from zh_indicators.cli import build_parser


def walk(parser, prog="zh-indicators"):
    """(command path, parser) of the parser and every subcommand below it."""
    yield prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, f"{prog} {name}")


def test_every_option_has_help():
    missing = []
    commands = list(walk(build_parser()))
    assert len(commands) > 20
    for prog, parser in commands:
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{prog}: {'/'.join(action.option_strings) or action.dest}")
    assert not missing, "options without help text:\n" + "\n".join(missing)


def test_every_command_has_help():
    for prog, parser in walk(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {a.dest: a.help for a in action._choices_actions}
                assert all(helps.get(name) for name in action.choices), (prog, helps)
