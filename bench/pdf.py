"""Time the printed documents: the 用户信息表 (one page) and a signed contract (three pages).

Usage (from the project root):

    .venv/bin/python bench/pdf.py                       # test database on SQLite, 20 renders each
    .venv/bin/python bench/pdf.py --repeat 50 --profile 25
    .venv/bin/python bench/pdf.py --database-url postgres://postgres@127.0.0.1:5432/bench

The records are built through the services on a *test* database made by Django's test runner
machinery (`setup_databases`: an in-memory SQLite database, or `test_<name>` on the server of
`--database-url`), which is destroyed at the end; no existing database is written. Each document
is rendered once to warm the process (fonts, templates, stylesheet), then `--repeat` times; the
script prints the median and the 95th percentile (nearest rank) of the wall-clock time in ms,
the median CPU time of the process in ms (steadier than the wall clock on a shared machine),
the size in KB, the pages and the embedded fonts, so runs of two versions of the renderer are
comparable. Each render includes building the context from the database (a few queries).
`--profile N` adds the N most expensive functions of the warm renders under cProfile (`--sort
tottime` for their own time). `--save DIR` writes the last PDF of each document there.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import math
import os
import pstats
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAWING = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed renders per document")
    parser.add_argument("--database-url", help="server whose test_<name> database is used")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N most expensive functions of the warm renders")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"),
                        help="order of the profile")
    parser.add_argument("--save", type=Path, metavar="DIR", help="write the PDFs to DIR")
    return parser.parse_args()


def _setup_django(database_url: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive_mgmt.settings_test"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def _notice(premises, planner, **fields):
    """A delivery notice with its acceptance drawing (an account opens only with one)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.attachments import attachment_add
    from customers import services

    notice = services.notice_issue(premises=premises, by=planner, **fields)
    attachment_add(record=notice, by=planner, kind="drawing", uploaded_file=SimpleUploadedFile(
        "图纸.pdf", DRAWING, content_type="application/pdf"))
    return notice


def _user_sheet_account(staff, planner):
    """A residential account with its meter, two appliances and an alarm (as the tests print)."""
    from customers import services
    from customers.models import GasUseClass
    from tests.customers.factories import SHEET_ALARM, SHEET_APPLIANCES, SHEET_METER

    customer = services.customer_create(
        by=staff, category="residential", name="王小明", id_type="resident_id",
        id_number="110101199003074258",
        contacts=[{"name": "王小明", "mobile": "13812345678", "is_primary": True}])
    premises = services.premises_create(
        by=planner, district="五华区", street="华山街道", community="翠湖小区", building="3",
        unit="2", floor="5", room="502")
    notice = _notice(premises, planner, accepted_on=datetime.date(2026, 3, 1))
    return services.account_open(
        customer=customer, premises=premises, notice=notice, by=staff,
        use_class=GasUseClass.objects.get(code="res_cooking"),
        meter=SHEET_METER, appliances=SHEET_APPLIANCES, alarm=SHEET_ALARM)


def _signed_contract(staff, planner):
    """A commercial installation in installments with steps, approved by the market manager
    and the vice president (第四条), then signed: three printed pages."""
    from approvals.services import approval_decide
    from contracts import services
    from contracts.models import ContractType, PriceStandard
    from customers import services as customer_services
    from tests.accounts.factories import UserFactory

    finance = UserFactory(username="bench_finance", roles=["finance"])
    standard = PriceStandard.objects.create(
        item="商业燃气安装", unit="户", unit_price=Decimal("3000.00"),
        effective_from=datetime.date(2025, 1, 1), document_number="昆发改价格〔2025〕12号",
        approved_by=finance)
    customer = customer_services.customer_create(
        by=staff, category="commercial", name="昆明翠湖餐饮有限公司", id_type="uscc",
        id_number="91350100M000100Y43", contacts=[{"name": "李经理", "mobile": "13812345679"}])
    premises = customer_services.premises_create(
        by=planner, district="五华区", community="翠湖小区", building="5", room="101")
    _notice(premises, planner)
    steps = [{"description": f"施工步骤{n}：管道预埋与设备安装",
              "planned_start": datetime.date(2026, 12, n),
              "planned_end": datetime.date(2026, 12, n + 10)} for n in range(1, 13)]
    installments = [{"amount": Decimal("1000"), "due_on": datetime.date(2027, n, 1),
                     "milestone": f"第{n}期"} for n in range(1, 7)]
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        premises=premises, customer=customer, title="商业分期安装",
        payment_method="installments", price_lines=[(standard, Decimal("2"))],
        installments=installments, steps=steps, project_name="商业燃气管道安装工程",
        project_site="昆明市五华区翠湖小区 5 栋 101", works_from=datetime.date(2026, 12, 1),
        works_to=datetime.date(2026, 12, 31))
    from tests.contracts.conftest import complete_company_profile

    complete_company_profile()  # the company's party printed in full (issue 13)
    manager = UserFactory(username="bench_manager", roles=["market_manager"])
    vice_president = UserFactory(username="bench_vp", roles=["ops_vp"])
    request = services.contract_submit(contract=contract, by=staff)
    approval_decide(step=request.steps.get(position=1), by=manager, approve=True,
                    comment="同意")
    approval_decide(step=request.steps.get(position=2), by=vice_president, approve=True)
    contract.refresh_from_db()
    return services.contract_sign(contract=contract, by=staff)


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _measure(name, render, repeat: int, profiler: cProfile.Profile | None):
    from pypdf import PdfReader

    render()  # warm-up: fonts, templates and the stylesheet are loaded once per process
    times, cpu_times = [], []
    for _ in range(repeat):
        if profiler is not None:
            profiler.enable()
        start, cpu_start = time.perf_counter(), time.process_time()
        pdf = render()
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
        if profiler is not None:
            profiler.disable()
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    print(f"{name:<14}{statistics.median(times):>9.1f}{_percentile(times, 0.95):>9.1f}"
          f"{statistics.median(cpu_times):>9.1f}{len(pdf) / 1024:>10.1f}{len(reader.pages):>7}"
          f"  {', '.join(sorted(fonts))}", flush=True)
    return pdf


def main() -> None:
    args = _arguments()
    _setup_django(args.database_url)
    from django.db import connection
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        import weasyprint

        from contracts.pdf import contract_pdf
        from customers.pdf import user_sheet_pdf
        from tests.accounts.factories import UserFactory

        staff = UserFactory(username="bench_staff", roles=["staff"], last_name="李",
                            first_name="经办")
        UserFactory(username="bench_director", roles=["sales_director"])
        planner = UserFactory(username="bench_planner", roles=["planning"])
        account = _user_sheet_account(staff, planner)
        contract = _signed_contract(staff, planner)
        documents = {
            "user sheet": lambda: user_sheet_pdf(account=account, printed_by=staff,
                                                 masked=False),
            "contract": lambda: contract_pdf(contract=contract, printed_by=staff),
        }
        profiler = cProfile.Profile() if args.profile else None
        print(f"bench/pdf.py — {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
              f"{os.cpu_count()} cores, WeasyPrint {weasyprint.__version__}, "
              f"{connection.vendor}, {args.repeat} warm renders each")
        print(f"{'document':<14}{'p50 ms':>9}{'p95 ms':>9}{'cpu p50':>9}{'size KB':>10}"
              f"{'pages':>7}  fonts")
        for name, render in documents.items():
            pdf = _measure(name, render, args.repeat, profiler)
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{name.replace(' ', '-')}.pdf").write_bytes(pdf)
        if profiler is not None:
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
