"""Clause placeholders become a closed list of plain names (issue 8, point 2): the stored
versions' old names are rewritten to the new ones, each change recorded in their history."""

import string

from django.db import migrations, models
from django.utils import timezone

RENAMED = {"customer": "customer_name", "number": "contract_number",
           "amount_capitals": "amount_in_capitals", "premises": "premises_address"}
REASON = "placeholders renamed (issue 8: closed list)"


def _escaped(literal: str) -> str:
    return literal.replace("{", "{{").replace("}", "}}")


def rename_placeholders(body: str) -> str:
    """`body` with every plain `{old}` of RENAMED as `{new}`; anything else exactly as written
    (a body whose braces do not pair is returned unchanged)."""
    parts = []
    try:
        for literal, field_name, format_spec, conversion in string.Formatter().parse(body):
            parts.append(_escaped(literal))
            if field_name is None:
                continue
            if not (format_spec or conversion):
                field_name = RENAMED.get(field_name, field_name)
            parts.append("{" + field_name + (f"!{conversion}" if conversion else "")
                         + (f":{format_spec}" if format_spec else "") + "}")
    except ValueError:
        return body
    return "".join(parts)


def forwards(apps, schema_editor):
    ClauseTemplate = apps.get_model("contracts", "ClauseTemplate")
    HistoricalClauseTemplate = apps.get_model("contracts", "HistoricalClauseTemplate")
    now = timezone.now()
    for template in ClauseTemplate.objects.order_by("pk"):
        body = rename_placeholders(template.body)
        if body == template.body:
            continue
        template.body, template.updated_at = body, now
        template.save(update_fields=["body", "updated_at"])
        HistoricalClauseTemplate.objects.create(
            **{field.attname: getattr(template, field.attname)
               for field in ClauseTemplate._meta.concrete_fields},
            history_date=now, history_type="~", history_change_reason=REASON)


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0007_signatories'),
    ]

    operations = [
        migrations.AlterField(
            model_name='clausetemplate',
            name='body',
            field=models.TextField(help_text='The contract text. Placeholders, plain names in braces only: {customer_name}, {contract_number}, {contract_title}, {contract_date}, {amount}, {amount_in_capitals}, {premises_address}, {starts_on}, {ends_on}. Write {{ and }} for a literal brace.', verbose_name='clauses'),
        ),
        migrations.AlterField(
            model_name='historicalclausetemplate',
            name='body',
            field=models.TextField(help_text='The contract text. Placeholders, plain names in braces only: {customer_name}, {contract_number}, {contract_title}, {contract_date}, {amount}, {amount_in_capitals}, {premises_address}, {starts_on}, {ends_on}. Write {{ and }} for a literal brace.', verbose_name='clauses'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
