"""What is recorded on a complaint besides its own fields: the timeline of its events, 生产处's
part (§7.2), the office's feedback (§7.2, §7.3) and the call-back (回访). Each is written once
by complaints.services, in the transaction of the transition it belongs to, and never changed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from complaints.models.complaint import Complaint
from core.models import AppendOnlyViolation, BusinessModel


class WrittenOnce(BusinessModel):
    """A record of a step: inserted once, never updated (nor deleted: BusinessModel)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyViolation(self._meta.verbose_name_plural)
        super().save(*args, **kwargs)

    save.alters_data = True


class ComplaintEvent(WrittenOnce):
    """One line of the complaint's timeline: a transition (from → to) or an event that leaves
    the status alone (first response, co-handling, linking, reminders' escalation)."""

    class Code(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("complaint event", "Registered")
        EDITED = "edited", _("Intake details changed")
        ASSIGNED = "assigned", _("Handler assigned")
        RESPONDED = "responded", _("First response to the complainant")
        CO_HANDLED = "co_handled", _("Production's part recorded")
        RESULT_RECORDED = "result_recorded", _("Handling result recorded")
        SUBMITTED = "submitted", _("Submitted for the general manager's approval")
        APPROVED = "approved", _("Result approved")
        REJECTED = "rejected", _("Result rejected")
        WITHDRAWN = "withdrawn", _("Approval request withdrawn")
        FEEDBACK = "feedback", _("Feedback given to the complainant")
        FEEDBACK_COPIED = "feedback_copied", _("Feedback copied from the incident")
        CALLED_BACK = "called_back", _("Call-back recorded")
        REOPENED = "reopened", _("Reopened after a dissatisfied call-back")
        CLOSED = "closed", pgettext_lazy("complaint event", "Closed")
        MARKED_INCIDENT = "marked_incident", _("Marked as an incident")
        LINKED = "linked", _("Linked to an incident")
        ESCALATED = "escalated", _("Escalated")

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"),
                                  on_delete=models.PROTECT, related_name="events")
    code = models.CharField(_("event"), max_length=20, choices=Code.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Complaint.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Complaint.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                           on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["complaint_id", "at", "id"]

    def __str__(self):
        return f"{self.complaint_id} {self.get_code_display()}"

    @property
    def is_transition(self) -> bool:
        return self.from_status != self.to_status


class ComplaintCoHandling(WrittenOnce):
    """生产处's part of a quality complaint (§7.2), once per handling round."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"),
                                  on_delete=models.PROTECT, related_name="co_handlings")
    round = models.PositiveSmallIntegerField(_("handling round"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    text = models.TextField(_("production's findings and measures"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("production's part")
        verbose_name_plural = _("production's parts")
        ordering = ["complaint_id", "at", "id"]

    def __str__(self):
        return f"{self.complaint_id} #{self.round}"


class FeedbackMethod(models.TextChoices):
    PHONE = "phone", _("Telephone")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    SMS = "sms", _("Text message")
    IN_PERSON = "in_person", _("In person at the office")
    HOTLINE_12345 = "hotline_12345", _("Through the 12345 hotline")


class ComplaintFeedback(WrittenOnce):
    """The office's feedback to the complainant (§7.2, §7.3): one per complaint and round.
    On a complaint linked to an incident it is a copy of the incident's (`copied_from`)."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"),
                                  on_delete=models.PROTECT, related_name="feedbacks")
    round = models.PositiveSmallIntegerField(_("handling round"), default=0)
    method = models.CharField(_("method"), max_length=20, choices=FeedbackMethod.choices)
    given_on = models.DateField(_("date"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("given by"),
                                 on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("what was said"))
    customer_reply = models.TextField(_("complainant's reply"), blank=True)
    copied_from = models.ForeignKey("self", verbose_name=_("copied from the incident"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="copies")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["complaint_id", "round"]
        constraints = [models.UniqueConstraint(fields=["complaint", "round"],
                                               name="complaints_feedback_once_per_round")]

    def __str__(self):
        return f"{self.complaint_id} #{self.round} {self.given_on}"

    @property
    def is_copy(self) -> bool:
        return self.copied_from_id is not None


class CallbackResult(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ComplaintCallback(WrittenOnce):
    """The call-back (回访) after the feedback: one per complaint and round."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"),
                                  on_delete=models.PROTECT, related_name="callbacks")
    round = models.PositiveSmallIntegerField(_("handling round"), default=0)
    result = models.CharField(_("result"), max_length=20, choices=CallbackResult.choices)
    comment = models.TextField(_("comment"), blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("called by"),
                                  on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField(_("time"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call-back")
        verbose_name_plural = _("call-backs")
        ordering = ["complaint_id", "round"]
        constraints = [models.UniqueConstraint(fields=["complaint", "round"],
                                               name="complaints_callback_once_per_round")]

    def __str__(self):
        return f"{self.complaint_id} #{self.round} {self.get_result_display()}"

    @property
    def reopens(self) -> bool:
        return self.result == CallbackResult.DISSATISFIED
