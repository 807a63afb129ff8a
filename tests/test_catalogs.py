"""Error messages exist in Swedish and Russian, and the committed compiled catalogs match their sources."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "api" / "translations"
KEYWORDS = {"gettext": None, "lazy_gettext": None, "N_": None, "ngettext": (1, 2)}


def messages_in_code() -> set[str]:
    messages = set()
    for folder in ("api", "schema"):
        found = extract_from_dir(str(ROOT / folder), method_map=[("**.py", "python")], keywords=KEYWORDS)
        messages |= {msgid(message) for _file, _line, message, _comments, _context in found if message}
    return messages


def msgid(message: str | tuple) -> str:
    """A plural message by its singular form."""
    return message if isinstance(message, str) else message[0]


@pytest.mark.parametrize("locale", ["sv", "ru"])
def test_every_message_is_translated(locale):
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source)
    # A fuzzy entry is a guess pybabel made, left out of the compiled catalog: it does not count.
    translated = {
        msgid(message.id)
        for message in catalog
        if message.id
        and not message.fuzzy
        and all(message.string if isinstance(message.string, tuple) else [message.string])
    }
    assert messages_in_code() - translated == set()


@pytest.mark.parametrize("locale", ["sv", "ru"])
def test_compiled_catalog_matches_its_source(locale):
    folder = CATALOGS / locale / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as source:
        catalog = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert compiled.getvalue() == (folder / "messages.mo").read_bytes()
