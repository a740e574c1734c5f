"""Customer-satisfaction surveys (顾客满意度调查, 篇二 §6): questionnaires, yearly campaigns with
reproducible samples, collection on paper, by phone and on the web, the analysis report the
general manager approves, and the corrective and preventive actions (纠正预防措施) it triggers.

A Django app of its own (label `surveys`) inside the complaints package: 篇二 keeps complaints
and satisfaction together as the customer's voice, and the surveys share the complaints'
roles, charts and reminders; their tables and migrations stay separate."""
