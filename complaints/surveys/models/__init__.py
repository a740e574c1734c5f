from complaints.surveys.models.campaign import (
    Answer,
    AnswerTag,
    Campaign,
    Respondent,
    Response,
    SampleFrame,
)
from complaints.surveys.models.capa import CorrectiveAction
from complaints.surveys.models.questionnaire import (
    RATING_MAX,
    RATING_MIN,
    TOP_TWO_BOX,
    Choice,
    Dimension,
    Question,
    Questionnaire,
    Section,
)
from complaints.surveys.models.report import ReportReceipt, SatisfactionTarget, SurveyReport

__all__ = [
    "RATING_MAX", "RATING_MIN", "TOP_TWO_BOX", "Answer", "AnswerTag", "Campaign", "Choice",
    "CorrectiveAction", "Dimension", "Question", "Questionnaire", "ReportReceipt", "Respondent",
    "Response", "SampleFrame", "SatisfactionTarget", "Section", "SurveyReport",
]
