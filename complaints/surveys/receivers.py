"""Receivers of complaints.surveys.signals, connected in SurveysConfig.ready()."""
