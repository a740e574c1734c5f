import pytest
from django.urls import reverse
from django.utils import translation
from guardian.shortcuts import assign_perm

from core.history import history_entries
from tests.accounts.factories import UserFactory
from tests.testapp.factories import MemoFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]


def test_history_records_the_acting_user_and_reason_of_a_request(client, staff_user):
    """A change made during a request is attributed to the signed-in user, with its reason."""
    memo = MemoFactory(title="旧标题")
    client.force_login(staff_user)

    client.post(reverse("memo-rename", args=[memo.pk]), {"title": "新标题", "reason": "更正"})

    latest = memo.history.latest()
    assert latest.history_user == staff_user
    assert latest.history_change_reason == "changed: 更正"
    assert latest.title == "新标题"


def test_history_outside_a_request_takes_the_explicit_user():
    """A command sets `_history_user`, and the history row names that user."""
    actor = UserFactory()
    memo = MemoFactory()

    memo.title = "命令修改"
    memo._history_user = actor
    memo.save()

    assert memo.history.latest().history_user == actor


def test_history_entries_show_field_level_differences_newest_first():
    """Each entry lists the fields it changed with old and new display values."""
    actor = UserFactory()
    memo = MemoFactory(title="甲", status="draft")
    memo.title = "乙"
    memo._history_user = actor
    memo.save()
    memo.status = "final"
    memo._change_reason = "changed: 定稿"
    memo.save()

    with translation.override("en"):
        entries = history_entries(memo)

    assert [entry.kind for entry in entries] == ["Changed", "Changed", "Created"]
    newest, middle, _created = entries
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("状态", "草稿", "定稿")]
    assert newest.reason == "Changed: 定稿"
    assert [(c.field, c.old, c.new) for c in middle.changes] == [("title", "甲", "乙")]
    assert middle.user == actor


def test_history_partial_renders_the_differences(client, staff_user):
    """The history table on a record's page shows who changed what."""
    memo = MemoFactory(title="甲")
    memo.title = "乙"
    memo._history_user = staff_user
    memo.save()
    assign_perm("testapp.view_memo", staff_user, memo)
    client.force_login(staff_user)

    html = client.get(reverse("memo-detail", args=[memo.pk])).content.decode()

    assert "甲" in html and "乙" in html
    assert str(staff_user) in html
