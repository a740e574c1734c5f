"""Part C: the corrective/preventive actions and the required levels."""

from django.urls import path

from complaints.surveys.views import capa, targets

urlpatterns = [
    path("actions/", capa.ActionListView.as_view(), name="actions"),
    path("actions/new/", capa.ActionCreateView.as_view(), name="action_create"),
    path("actions/<int:pk>/", capa.ActionDetailView.as_view(), name="action"),
    # One URL per action of complaints.surveys.actions.capa (the button's data-action).
    path("actions/<int:pk>/assign/", capa.ActionAssignView.as_view(), name="action_assign"),
    path("actions/<int:pk>/complete/", capa.ActionCompleteView.as_view(), name="action_complete"),
    path("actions/<int:pk>/verify/", capa.ActionVerifyView.as_view(), name="action_verify"),
    path("actions/<int:pk>/send-back/", capa.ActionSendBackView.as_view(), name="action_send_back"),
    path("actions/<int:pk>/check/", capa.ActionCheckView.as_view(), name="action_check"),
    path("actions/<int:pk>/files/", capa.ActionUploadView.as_view(), name="action_upload"),
    path("actions/<int:pk>/files/<int:number>/", capa.ActionFileView.as_view(), name="action_file"),
    path(
        "actions/<int:pk>/files/<int:number>/void/",
        capa.ActionVoidFileView.as_view(),
        name="action_file_void",
    ),
    path("targets/", targets.TargetsView.as_view(), name="targets"),
]
