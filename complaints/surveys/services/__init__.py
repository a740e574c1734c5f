"""Every write of the satisfaction surveys, by subject: questionnaires, campaigns and sampling,
collection, the report, corrective/preventive actions (import from the submodule)."""
