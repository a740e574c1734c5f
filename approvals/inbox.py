"""The approval inbox (审批待办): the page of waiting steps as plain rows.

`inbox_steps` pages the steps of `steps_awaiting` (one query gives the count and the ids of the
requested page); a page is read as `InboxRow`s in one narrow query, every value the row shows
computed here once, so the row template only prints (templates/jinja2/approvals/_inbox_row.html,
rendered by Jinja2: the Django engine cost more per row than the database, issue 10).

The buttons of a row are `step_actions`' for that user. A step on the page was found by the
SQL of `steps_awaiting`, which is that rule written for the database (tests/approvals/
test_inbox_rule.py holds them equal), so it may be approved and rejected; the one thing that
SQL does not know is whom a target decided in person concerns (第十二条: nobody decides his own
case), so the steps of those targets are read as objects and asked `step_actions` (one query
for all of them, only when the page has any).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from approvals.models import ApprovalStep
from approvals.models.requests import decider_text
from approvals.selectors import (
    BADGE_CAP,
    _awaiting_sql,
    in_person_content_type_ids,
    step_actions,
)
from core import frame
from core.jinja import render_rows
from core.templatetags.core_format import cny
from core.text import in_language


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One waiting step as the inbox shows it."""

    pk: int
    type_label: str
    number: str
    title: str
    url: str
    round: int
    customer: str
    amount: str  # formatted, "—" when none
    decider: str
    submitted_by: str
    waiting: str  # "3 days, 2 hours", "" when not yet active
    due: str  # "2026-12-01 17:30", "" when none
    overdue: bool
    decide_url: str
    approve: bool
    reject: bool


_FIELDS = {
    "pk": F("id"), "ct": F("request__content_type_id"), "number": F("request__number"),
    "title": F("request__title"), "url": F("request__url"), "round": F("request__round"),
    "customer": F("request__customer"), "amount": F("request__amount"),
    "by_first": F("request__submitted_by__first_name"),
    "by_last": F("request__submitted_by__last_name"),
    "by_username": F("request__submitted_by__username"),
    "s_label": F("label"), "s_decider": F("decider"), "s_status": F("status"),
    "role_name": F("role__role__name"), "role_name_en": F("role__role__name_en"),
    "group_name": F("role__name"), "dept_name": F("department__name"),
    "dept_name_en": F("department__name_en"), "u_first": F("user__first_name"),
    "u_last": F("user__last_name"), "u_username": F("user__username"),
    "s_activated": F("activated_at"), "s_due": F("due_at"),
}


def _person(first: str, last: str, username: str) -> str:
    """As accounts.User.__str__: the family name first, without a space; else the login."""
    return f"{last or ''}{first or ''}".strip() or username or ""


def inbox_rows(user, ids: list[int], *, now=None, actions: dict | None = None) -> list[InboxRow]:
    """The steps `ids`, in that order, as InboxRows for `user`. `actions` (pk → StepActions)
    overrides the flags, e.g. for a row re-drawn after a decision."""
    now = now or timezone.now()
    values = {row["pk"]: row for row in ApprovalStep.objects.filter(pk__in=ids)
              .values(**_FIELDS)}
    flags = dict(actions or {})
    in_person = in_person_content_type_ids()
    asked = [pk for pk, row in values.items() if row["ct"] in in_person and pk not in flags]
    if asked:
        for step in (ApprovalStep.objects.filter(pk__in=asked)
                     .select_related("request").prefetch_related("decisions")):
            flags[step.pk] = step_actions(user=user, step=step)
    types: dict[int, str] = {}
    decide, suffix = reverse("approvals:decide", args=[0]).rsplit("/0/", 1)  # one reverse
    rows = []
    for pk in ids:
        row = values.get(pk)
        if row is None:
            continue
        if row["ct"] not in types:
            model = ContentType.objects.get_for_id(row["ct"]).model_class()
            types[row["ct"]] = str(model._meta.verbose_name) if model else ""
        allowed = flags.get(pk)
        activated, due = row["s_activated"], row["s_due"]
        rows.append(InboxRow(
            pk=pk, type_label=types[row["ct"]], number=row["number"] or "",
            title=row["title"], url=row["url"] or "", round=row["round"],
            customer=row["customer"] or "", amount=cny(row["amount"]),
            decider=decider_text(
                label=row["s_label"], decider=row["s_decider"],
                user=lambda r=row: _person(r["u_first"], r["u_last"], r["u_username"]),
                role=lambda r=row: (in_language(r["role_name"], r["role_name_en"])
                                    if r["role_name"] is not None else r["group_name"] or ""),
                department=lambda r=row: in_language(r["dept_name"] or "",
                                                     r["dept_name_en"] or "")),
            submitted_by=_person(row["by_first"], row["by_last"], row["by_username"]),
            waiting=timesince(activated, now) if activated else "",
            due=timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "",
            overdue=(row["s_status"] == ApprovalStep.Status.PENDING and due is not None
                     and now > due),
            decide_url=f"{decide}/{pk}/{suffix}",
            approve=allowed.approve if allowed is not None else True,
            reject=allowed.reject if allowed is not None else True,
        ))
    return rows


# The inbox counts at most this many steps: a longer inbox shows "more than 1,000" and pages
# through the first 1,000, the rest reached by its filters (type, overdue). A module constant
# so that a test can lower it.
COUNT_CAP = 1_000


class InboxSteps:
    """The steps of `steps_awaiting` as Paginator reads them: one query gives the count (up
    to COUNT_CAP + 1: `capped` beyond it) and the ids of the requested page in (due_at, id)
    order, each arm of the SQL walking its index only as far as the page's end (narrow rows;
    the badge reuses the count); then that page's InboxRows are read in one more."""

    def __init__(self, user, *, page_size: int, page=None, **narrow):
        self.user, self.size, self.narrow = user, page_size, narrow
        number = int(page) if str(page or "").isdigit() and int(page) > 0 else 1
        self.first, self.total, self.ids = (number - 1) * page_size, None, {}

    def count(self) -> int:
        if self.total is None:
            self._read(min(self.first, COUNT_CAP))
        return min(self.total, COUNT_CAP)

    @property
    def capped(self) -> bool:
        """More steps wait than were counted (`count` is COUNT_CAP)."""
        return self.count() < self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[InboxRow]:
        if page.start not in self.ids:
            self._read(page.start)
        return inbox_rows(self.user, self.ids[page.start][:page.stop - page.start])

    def _read(self, offset: int) -> None:
        counted, count_params = _awaiting_sql(self.user, **self.narrow)
        paged, page_params = _awaiting_sql(self.user, columns="s.id, s.due_at",
                                           top=offset + self.size, **self.narrow)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT c.total, p.id FROM (SELECT COUNT(*) AS total FROM (SELECT 1 FROM "
                f"({counted}) a LIMIT %s) t) c LEFT JOIN (SELECT a.id, a.due_at FROM ({paged}) a "
                "ORDER BY a.due_at, a.id LIMIT %s OFFSET %s) p ON 1 = 1 ORDER BY p.due_at, p.id",
                [*count_params, COUNT_CAP + 1, *page_params, self.size, offset])
            rows = cursor.fetchall()
        self.total, self.ids[offset] = rows[0][0], [pk for _, pk in rows if pk is not None]
        if not self.narrow and self.total <= COUNT_CAP:  # counted all: the badge's too
            frame.prime(self.user, ("count", "inbox"), min(self.total, BADGE_CAP))


def inbox_steps(user, *, page_size: int, page=None, content_type=None,
                due_before=None) -> InboxSteps:
    """The steps of `steps_awaiting` for the inbox, of one type or due before a time; `page`
    (the requested number) is read together with the count."""
    narrow = {"content_type_id": content_type.pk if content_type is not None else None,
              "due_before": due_before}
    return InboxSteps(user, page_size=page_size, page=page,
                      **{key: value for key, value in narrow.items() if value is not None})


def render_inbox_rows(request, rows: list[InboxRow], *, done: bool = False,
                      approved: bool = False, error: str = "") -> SafeString:
    """The <tr> of each row (Jinja2: templates/jinja2/approvals/inbox_rows.html), with the
    labels every row shows translated once (gettext per row was a third of the rows' cost)."""
    label = {"overdue": _("overdue"), "due": _("due"), "approve": _("Approve"),
             "reject": _("Reject"), "comment": _("Comment"),
             "comment_hint": _("Comment (required to reject)")}
    return render_rows(request, "approvals/inbox_rows.html", rows, label=label, done=done,
                       approved=approved, error=error)
