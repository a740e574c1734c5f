from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("done/", views.DoneView.as_view(), name="done"),
    path("badge/", views.BadgeView.as_view(), name="badge"),
    path("steps/<int:pk>/decide/", views.StepDecideView.as_view(), name="decide"),
    path("requests/<int:pk>/withdraw/", views.RequestWithdrawView.as_view(), name="withdraw"),
    path("delegations/", views.DelegationListView.as_view(), name="delegations"),
    path("delegations/<int:pk>/revoke/", views.DelegationRevokeView.as_view(),
         name="delegation_revoke"),
]
