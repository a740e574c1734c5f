"""The approval engine's data: routes as data, frozen requests, steps, decisions, delegations.

A route (ApprovalRoute) is attached to a target model and a named condition (code in
`approvals.conditions`); its steps (RouteStep) say who decides and how many must agree.
Submitting an object freezes the merged steps of every matching route into an ApprovalRequest
with ApprovalSteps, so later route edits never change a request in flight.

routes.py: Decider, Mode, ApprovalRoute, RouteStep; requests.py: ApprovalRequest,
ApprovalStep, Decision; delegations.py: Delegation.
"""

from approvals.models.delegations import Delegation
from approvals.models.requests import ApprovalRequest, ApprovalStep, Decision
from approvals.models.routes import (
    ApprovalRoute,
    Decider,
    DeciderFields,
    Mode,
    RouteStep,
    required_decider_role,
)
from core import frame

__all__ = [
    "ApprovalRequest",
    "ApprovalRoute",
    "ApprovalStep",
    "Decider",
    "DeciderFields",
    "Decision",
    "Delegation",
    "Mode",
    "RouteStep",
    "required_decider_role",
]

# The page frame reads the user's role rows and today's delegations in one query.
frame.provide("role_rows", "approvals.seats.roles_and_seats")
# The navigation badge is one of the frame's numbers, read in one query with the others.
frame.count_provide("inbox", "approvals.selectors.badge_rows_sql")
