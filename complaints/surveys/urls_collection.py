"""Part A (collection): campaigns, samples, respondents, questionnaires, entry and the public
answer page (no login)."""

from django.urls import path

from complaints.surveys.views import campaigns, entry, public, questionnaires
from complaints.surveys.views.home import SurveysHomeView

urlpatterns = [
    path("", SurveysHomeView.as_view(), name="home"),
    path("campaigns/", campaigns.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<int:pk>/paper.pdf", questionnaires.CampaignPaperView.as_view(),
         name="campaign_paper"),
    path("campaigns/<int:pk>/<slug:action>/", campaigns.CampaignActionView.as_view(),
         name="campaign_action"),
    path("respondents/<int:pk>/", campaigns.RespondentDetailView.as_view(), name="respondent"),
    path("respondents/<int:pk>/enter/", entry.ResponseEnterView.as_view(), name="enter"),
    path("respondents/<int:pk>/paper.pdf", questionnaires.RespondentPaperView.as_view(),
         name="respondent_paper"),
    path("respondents/<int:pk>/<slug:action>/", campaigns.RespondentActionView.as_view(),
         name="respondent_action"),
    path("entry/", entry.EntryByCodeView.as_view(), name="entry"),
    path("questionnaires/", questionnaires.QuestionnaireListView.as_view(),
         name="questionnaires"),
    path("questionnaires/<int:pk>/", questionnaires.QuestionnaireDetailView.as_view(),
         name="questionnaire"),
    path("questionnaires/<int:pk>/edit/", questionnaires.QuestionnaireEditView.as_view(),
         name="questionnaire_edit"),
    path("questionnaires/<int:pk>/new-version/",
         questionnaires.QuestionnaireNewVersionView.as_view(), name="questionnaire_version"),
    path("questions/<int:pk>/edit/", questionnaires.QuestionEditView.as_view(),
         name="question_edit"),
    path("answer/thanks/", public.AnswerThanksView.as_view(), name="answer_thanks"),
    path("answer/<str:token>/", public.AnswerView.as_view(), name="answer"),
]
