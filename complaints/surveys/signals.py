"""Signals between the parts of the surveys.

`report_approved(sender=SurveyReport, report=…, by=…)` is sent by the report's service inside
the approval's transaction, once its figures are frozen; the corrective/preventive actions
(`complaints.surveys.receivers`) draft an action per weak dimension and check the effectiveness
of the actions waiting for this survey's figures."""

from django.dispatch import Signal

report_approved = Signal()
