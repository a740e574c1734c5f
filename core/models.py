"""Pieces every business model shares, the read-access log and the number sequences."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class HardDeleteForbidden(Exception):
    """Raised when code tries to delete a business record (DESIGN.md §7: no hard delete)."""

    def __init__(self, what=""):
        message = _(
            "Records are never deleted. Close, cancel, void or archive %(what)s instead."
        ) % {"what": what or _("the record")}
        super().__init__(str(message))


class AppendOnlyViolation(HardDeleteForbidden):
    """Raised when code tries to change a row of an append-only table (access log, decisions)."""

    def __init__(self, what=""):
        message = _("%(what)s are append-only: a row is written once and never changed.") % {
            "what": what
        }
        Exception.__init__(self, str(message))


class UnrecordedUpdateForbidden(Exception):
    """Raised by `update()`/`bulk_update()` on business querysets (issue 8, point 9).

    A bulk UPDATE writes no history row, skips `full_clean()` and the services' permission
    checks. Business data changes go through the services, which save each record.
    """

    def __init__(self, what=""):
        message = _(
            "Bulk update() of %(what)s is not allowed: it would bypass the history. Change the "
            "records through their service (which saves each one with its history)."
        ) % {"what": what}
        super().__init__(str(message))


class NoDeleteQuerySet(models.QuerySet):
    """A queryset whose bulk delete, update() and bulk_update() refuse to run.

    The few internal writes that are not business data changes (a number counter, a version
    bump that guards against double decisions, a reminder date) call `update_unrecorded()`,
    the one named escape: `git grep update_unrecorded` lists every place that skips history.
    """

    def delete(self):
        raise HardDeleteForbidden(self.model._meta.verbose_name_plural)

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        raise UnrecordedUpdateForbidden(self.model._meta.verbose_name_plural)

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        raise UnrecordedUpdateForbidden(self.model._meta.verbose_name_plural)

    bulk_update.alters_data = True

    def update_unrecorded(self, **kwargs) -> int:
        """A plain SQL UPDATE with no history row: only for internal bookkeeping columns.

        Allowed uses: counters (`core.sequences`), optimistic-lock versions and claim markers
        whose conditional UPDATE is what makes a race safe (`approvals.services`,
        `send_approval_reminders`). Never for data a user would see as a change of a record.
        Returns the number of rows matched, like `update()`.
        """
        return super().update(**kwargs)

    update_unrecorded.alters_data = True


class NoDeleteManager(models.Manager.from_queryset(NoDeleteQuerySet)):
    pass


# field -> {value: label}: the choices of a field whose choices are fixed, made into a dict once.
_CHOICE_LABELS: dict = {}


def choice_label(instance, field) -> str:
    """What `instance.get_<field>_display()` gives in Django: the translated label of the
    value, else the value. Django flattens and hashes every choice of the field on every call
    (about 0.1 ms for a status field, five times a customer page: issue 10); here the labels
    (lazy, translated when printed) are kept per field, except for callable choices."""
    labels = _CHOICE_LABELS.get(field)
    if labels is None:
        labels = dict(make_hashable(field.flatchoices))
        if not isinstance(field.choices, CallableChoiceIterator):
            _CHOICE_LABELS[field] = labels
    value = getattr(instance, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


class NoDeleteModel(models.Model):
    """A model whose rows are never deleted, neither one by one nor in bulk.

    Foreign keys that point at such a model must use `on_delete=PROTECT`: Django's cascade
    collector deletes related rows with raw SQL and would otherwise bypass this guard.
    """

    objects = NoDeleteManager()

    class Meta:
        abstract = True

    _get_FIELD_display = choice_label  # get_<field>_display(), its labels kept (above)

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden(f"{self._meta.verbose_name} {self}")

    delete.alters_data = True


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BusinessModel(NoDeleteModel, TimeStampedModel):
    """Base of every business record: timestamps, its creator, and no hard delete.

    Each concrete subclass adds `history = HistoricalRecords()` (simple-history does not
    inherit it from an abstract base without `inherit=True`, and explicit is clearer).
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class AppendOnlyQuerySet(NoDeleteQuerySet):
    """Queryset of a hash-chained, append-only table: bulk_create() extends the chain too."""

    def bulk_create(self, objs, *args, **kwargs):
        from core.audit import chain_append

        objs = list(objs)
        with transaction.atomic(using=self.db):
            chain_append(self.model, objs, using=self.db)
            return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True


class AppendOnlyManager(models.Manager.from_queryset(AppendOnlyQuerySet)):
    pass


class HashChainedModel(models.Model):
    """An append-only row linked to the previous one by SHA-256 (issue 8, point 9).

    `row_hash` = SHA-256 over the canonical JSON of the fields named in `hash_chain_fields`
    plus `prev_hash`, the `row_hash` of the row before it in id order (the first row follows
    64 zeros). Both are computed when the row is inserted, in the inserting transaction, with
    the chain locked (`core.audit.chain_append`). Rows are never updated or deleted: the model
    refuses, and so do the database triggers (`core.audit`). `manage.py verify_audit_chain`
    recomputes every chain and names the first row that no longer matches.
    """

    hash_chain_fields: tuple[str, ...] = ()
    _get_FIELD_display = choice_label

    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("row hash"), max_length=64, blank=True, editable=False)

    objects = AppendOnlyManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from core.audit import chain_append, chain_insert

        if self.pk is not None and not self._state.adding:
            raise AppendOnlyViolation(self._meta.verbose_name_plural)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            chain_append(type(self), [self], using=using)
            # A plain save() (no options) is one INSERT, written without Django's save().
            if args or set(kwargs) - {"using"} or not chain_insert(self, using):
                super().save(*args, **kwargs)

    save.alters_data = True


class AccessLog(HashChainedModel):
    """One read of a record: who, what, when, from where, how (view, print, export) and why.

    Append-only: a row is written once and never changed or deleted.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("View")
        PRINT = "print", _("Print")
        EXPORT = "export", _("Export")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="access_logs",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("record id"), max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # Set when the entry is made (not by auto_now_add at INSERT time): the hash covers it.
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    grant = models.CharField(
        _("authorisation"),
        max_length=200,
        blank=True,
        help_text=_("The access grant or role under which the record was read."),
    )

    hash_chain_fields = ("user", "content_type", "object_id", "object_repr", "action", "at",
                         "ip_address", "user_agent", "grant")

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M") if self.at else ""
        return f"{self.user} {self.get_action_display()} {self.object_repr} {when}"

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden(self._meta.verbose_name)


class NumberSequence(models.Model):
    """The last number handed out in one series (contract prefix, customer numbers …) and year."""

    series = models.CharField(_("series"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    objects = NoDeleteManager()

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="core_sequence_unique")
        ]

    def __str__(self):
        return f"{self.series}/{self.year}: {self.last}"

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden(self._meta.verbose_name)


class Attachment(BusinessModel):
    """One uploaded file (letter, drawing, approval, budget …) attached to any business record.

    Numbered 附件1, 附件2 … per record in upload order. Written only through
    `core.attachments.attachment_add`, which checks the content, stores the file under a
    generated name and numbers it; an attachment is voided with a reason, never deleted.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    sequence = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255)
    file = models.FileField(_("file"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mime_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    voided = models.BooleanField(_("void"), default=False)
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["content_type", "object_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "sequence"],
                name="core_attachment_sequence_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(voided=False) | ~models.Q(void_reason=""),
                name="core_attachment_void_has_reason",
            ),
        ]

    def __str__(self):
        return _("Attachment %(number)s: %(name)s") % {
            "number": self.sequence,
            "name": self.original_name,
        }

    @property
    def label(self) -> str:
        """The fixed label printed in documents and letters: 附件1, 附件2 …"""
        return f"附件{self.sequence}"


class WorkCalendarDay(BusinessModel):
    """A day the State Council's schedule (or the company) makes an exception of: a holiday
    (休) on a normal working day, or a make-up working day (调休上班) on a rest day.

    Read by `core.workhours`: a day is worked when it is an active make-up day here, or when
    it is one of settings.WORK_DAYS and not an active holiday here. Loaded from the
    chinesecalendar package (`core.workcalendar`, `manage.py load_work_calendar`); a row saved
    in the admin becomes hand-entered and the loader never changes it again. A wrong row is
    deactivated, never deleted.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up working day")

    class Source(models.TextChoices):
        PACKAGE = "package", _("Loaded from chinesecalendar")
        MANUAL = "manual", _("Entered by hand")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True,
                            help_text=_("The holiday it belongs to, e.g. 国庆节."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.MANUAL, editable=False)
    is_active = models.BooleanField(
        _("in force"), default=True,
        help_text=_("Untick to make the day count as an ordinary day again."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work calendar day")
        verbose_name_plural = _("work calendar")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()
