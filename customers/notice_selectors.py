"""Who sees the requests for a gas delivery notice (第七条, issue 13 point 8)."""

from accounts.roles import PLANNING
from core.navigation import BADGE_CAP
from customers.models import DeliveryNoticeRequest


def notice_request_list(*, user):
    """The delivery-notice requests `user` sees: 规划建设部 every one (they answer them), anyone
    else those they made (for customers they write)."""
    if not (user and user.is_authenticated and user.is_active):
        return DeliveryNoticeRequest.objects.none()
    if user.has_role(PLANNING):
        return DeliveryNoticeRequest.objects.all()
    return DeliveryNoticeRequest.objects.filter(created_by=user)


def notice_request_open_count(user) -> int:
    """The navigation badge of planning: open requests (one narrow count)."""
    return notice_request_list(user=user).filter(
        status=DeliveryNoticeRequest.Status.OPEN)[:BADGE_CAP].count()
