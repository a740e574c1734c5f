"""Complaints (客户投诉, 篇二 §7): the category tree (categories.py), the complaint with its
lifecycle (complaint.py), and its timeline, 生产处's part, the feedback and the call-back
(records.py)."""

from complaints.models.categories import ComplaintCategory
from complaints.models.complaint import Channel, Complaint, ComplaintClass, Urgency
from complaints.models.records import (
    CallbackResult,
    ComplaintCallback,
    ComplaintCoHandling,
    ComplaintEvent,
    ComplaintFeedback,
    FeedbackMethod,
)

__all__ = [
    "CallbackResult", "Channel", "Complaint", "ComplaintCallback", "ComplaintCategory",
    "ComplaintClass", "ComplaintCoHandling", "ComplaintEvent", "ComplaintFeedback",
    "FeedbackMethod", "Urgency",
]
