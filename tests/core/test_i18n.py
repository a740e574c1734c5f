import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _untranslated(po_text: str) -> list[str]:
    """msgids whose Chinese msgstr (or first plural form) is empty, header excluded."""
    missing = []
    for block in po_text.split("\n\n"):
        if "#, fuzzy" in block:
            missing.append(block)
            continue
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        if not msgid or "Project-Id-Version" in block:
            continue
        strs = re.findall(r'^msgstr(?:\[0\])? "(.*)"((?:\n".*")*)', block, re.M)
        if not strs or not (strs[0][0] or strs[0][1].strip('\n"')):
            missing.append(msgid.group(1))
    return missing


def test_every_interface_string_has_a_chinese_translation():
    """The committed zh_Hans catalogue translates every string it lists."""
    assert PO.exists()

    assert _untranslated(PO.read_text(encoding="utf-8")) == []


def test_the_catalogue_check_notices_a_missing_translation():
    """The check above fails on an entry without msgstr (so it can fail)."""
    assert _untranslated('msgid "Home"\nmsgstr ""\n') == ["Home"]


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "首页"), ("en", "Home")])
def test_interface_text_follows_the_active_language(language, text):
    """The compiled catalogues give Chinese by default and English on request."""
    with translation.override(language):
        assert translation.gettext("Home") == text
