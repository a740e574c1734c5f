"""The two reads of every request, the session and the signed-in user, give what Django's own
give (accounts.sessions.SessionStore, accounts.backends.UserBackend) without composing an ORM
query (issue 10)."""

import datetime

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from accounts.backends import UserBackend
from accounts.sessions import SessionStore
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiled(monkeypatch):
    """The ORM queries compiled while the test runs."""
    made = []
    original = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        made.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return made


def _stored(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_a_session_is_read_back_without_an_orm_query(compiled):
    key = _stored(colour="blue", _login_at=5)
    compiled.clear()

    store = SessionStore(key)

    assert dict(store.items()) == {"colour": "blue", "_login_at": 5}
    assert store.session_key == key and compiled == []


def test_an_expired_or_unknown_session_is_empty_and_forgets_its_key():
    expired = _stored(colour="red")
    Session.objects.filter(session_key=expired).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1))

    for key in (expired, "x" * 32):
        store = SessionStore(key)
        assert dict(store.items()) == {} and store.session_key is None


def test_the_signed_in_user_is_read_as_modelbackend_reads_it(compiled):
    user = UserFactory(roles=["staff"], first_name="伟", last_name="张", phone="13800000000")
    UserBackend().get_user(user.pk)  # the first read compiles the shape once
    compiled.clear()

    read = UserBackend().get_user(str(user.pk))
    assert compiled == []

    django = ModelBackend().get_user(user.pk)
    assert [getattr(read, f.attname) for f in type(user)._meta.concrete_fields] == [
        getattr(django, f.attname) for f in type(user)._meta.concrete_fields]
    assert read.get_session_auth_hash() == django.get_session_auth_hash()
    assert read._state.adding is False and read._state.db == "default"


def test_no_user_for_an_inactive_a_missing_or_a_malformed_key():
    inactive = UserFactory(is_active=False)

    for user_id in (inactive.pk, 987654, "abc", None, 2**70):
        assert UserBackend().get_user(user_id) is None


def test_the_request_carries_the_user_itself_not_a_lazy_wrapper(client, staff_user):
    """After the middleware, request.user is the signed-in user (or the anonymous one), not
    Django's SimpleLazyObject, whose every attribute read costs an AttributeError."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import LazyObject

    anonymous = client.get("/accounts/login/").wsgi_request.user
    client.force_login(staff_user)
    signed_in = client.get("/").wsgi_request.user

    assert not isinstance(anonymous, LazyObject) and isinstance(anonymous, AnonymousUser)
    assert not isinstance(signed_in, LazyObject) and signed_in == staff_user
    assert type(signed_in) is type(staff_user)
