#!/usr/bin/env python
"""Customer archive at a million customers on PostgreSQL: fill a bench database, then time the
list, a name search, a phone search, a detail page and the sales director's approval inbox
(see bench/README.md).

    .venv/bin/python bench/customers.py --customers 1000000
    .venv/bin/python bench/customers.py --keep          # reuse the filled database

The data is inserted with set-based SQL (INSERT … SELECT over generate_series, committed in
chunks), not through the ORM; the secondary indexes of the four big tables are dropped before
the load and rebuilt from their exact definitions afterwards (a bulk build is several times
faster than maintaining 40 indexes row by row). Foreign keys stay in force and are checked.
"""

import argparse
import datetime
import logging
import math
import os
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/archive_bench"
BIG_TABLES = ("customers_customer", "customers_premises", "customers_contact",
              "customers_gasaccount")
MASK = 9223372036854775807  # keeps hashint8extended() non-negative
CHUNK = 200_000
# The users bench/http_load.py signs in as, through the login form. Everyone else has an unusable
# password. A bench database only: the script never touches any other.
BENCH_PASSWORD = "bench-Kunming-2026"  # noqa: S105
LOGIN_USERS = ("bench_staff", "bench_gm", "bench_director")
ENGINE_SUBMISSIONS = 5  # open steps made through the app's services; the rest by SQL

# --- Name material (Kunming) -----------------------------------------------------------------
# Weighted by repetition, so common surnames and given names recur as they do in real data.
SURNAMES = (["王"] * 7 + ["李"] * 7 + ["张"] * 7 + ["刘"] * 5 + ["陈"] * 5 + ["杨"] * 4
            + ["赵", "黄", "吴", "周"] * 2
            + list("徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
                   "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
                   "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"))
GIVEN = (["秀英"] * 4 + ["伟", "芳"] * 4 + ["桂英", "建华", "建国", "娜", "敏", "静", "丽", "强",
                                          "磊", "军"] * 3
         + ["秀兰", "玉兰", "建军", "志强", "丽华", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
            "霞", "平", "刚"] * 2
         + ["秀珍", "桂兰", "海燕", "文华", "俊杰", "子涵", "浩然", "梓萱", "欣怡", "宇轩", "一诺",
            "雨桐", "家豪", "志明", "春梅", "红梅", "丽萍", "晓东", "晓燕", "云华", "金凤", "国华",
            "德明", "玉梅", "永华", "正华", "文斌", "海涛", "志刚", "建平", "淑珍", "凤英", "兰英",
            "晓明", "少华", "丽娟", "秀云", "光明", "红", "燕", "斌", "鹏", "琳", "婷", "雪",
            "华", "辉", "宁", "波", "东"])
CITIES = ["昆明"] * 6 + ["云南"] * 3 + ["呈贡", "安宁", "嵩明", "宜良", "晋宁", "富民"]
BRANDS = ["春城", "滇池", "翠湖", "金马", "碧鸡", "云岭", "彩云", "七彩", "金碧", "盘龙", "福海",
          "宏达", "鑫源", "恒信", "顺达", "兴隆", "华宇", "新世纪", "阳光", "万家", "同心", "瑞丰",
          "益民", "天成", "百福", "金沙", "红土地", "石林", "过桥", "老滇"]
TRADES = ["餐饮", "酒店", "食品", "火锅", "米线", "烧烤", "物业", "供暖", "洗涤", "陶瓷", "机械",
          "印染", "酿造", "烘焙", "宾馆", "商贸", "医药", "建材"]
FORMS = ["有限公司"] * 4 + ["有限责任公司"] * 2 + ["店"] * 2 + ["分公司", "经营部", "餐厅"]
POSITIONS = ["经理", "总经理", "后勤主管", "厨师长", "行政主管", "设备科长", "店长", "负责人"]
DISTRICTS = (["五华区"] * 4 + ["盘龙区"] * 4 + ["官渡区"] * 4 + ["西山区"] * 4 + ["呈贡区"] * 2
             + ["晋宁区", "东川区", "安宁市", "嵩明县", "宜良县", "富民县", "石林县", "禄劝县",
                "寻甸县"])
STREETS = ["华山街道", "护国街道", "大观街道", "龙翔街道", "丰宁街道", "莲华街道", "红云街道",
           "黑林铺街道", "普吉街道", "拓东街道", "东华街道", "青云街道", "金马街道", "关上街道",
           "吴井街道", "太和街道", "马街街道", "碧鸡街道", "吴家营街道", "龙城街道"]
COMMUNITIES = ["翠湖花园", "世纪城", "金星小区", "春城花园", "滇池卫城", "云南映象", "万科城",
               "俊发城", "同德广场", "金江小区", "北辰小区", "小康城", "新迎小区", "书林小区",
               "白马小区", "福德小区", "红云小区", "金色年华", "阳光花园", "金碧苑", "人民新村",
               "江岸小区", "银海森林", "滇池星城", "融城园城", "海伦国际", "金地悦景台", "龙泉小区",
               "昆钢新村", "铁路新村", "西华小区", "张官营小区", "菊华小区", "日新小区", "大树营",
               "东华小区", "园西路小区", "虹山新村", "明珠花园", "东方首座"]
ROADS = ["北京路", "人民中路", "青年路", "东风西路", "滇池路", "环城南路", "白塔路", "金碧路",
         "西昌路", "一二一大街", "学府路", "昌源北路", "春城路", "关上中路", "民航路", "广福路",
         "二环西路", "穿金路", "盘江西路", "景明路"]
MOBILE_PREFIXES = ["138", "139", "137", "135", "136", "150", "151", "152", "158", "159", "186",
                   "187", "188", "189", "177", "180", "181", "182", "183", "199"]

NAME_TERM = "王秀英"   # surname + given name: ~0.1 % of customers, a handful of bench_staff's
SHORT_TERM = "秀英"    # two characters: no trigram can be taken from it
RARE_SHORT_TERM = "少华"  # two characters, fewer than 50 of bench_staff's customers match


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--visible", type=int, default=5000,
                        help="customers bench_staff sees (as responsible staff)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--open-steps", type=int, default=10_000,
                        help="open archive confirmations waiting for bench_director (0: none)")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--keep", action="store_true",
                        help="reuse an already filled database, skip filling")
    parser.add_argument("--explain-full", action="store_true",
                        help="print the whole EXPLAIN (ANALYZE, BUFFERS) plans and their SQL")
    args = parser.parse_args()
    if args.customers < 1 or not 0 < args.visible <= args.customers or args.repeat < 1:
        parser.error("need 0 < --visible <= --customers and --repeat >= 1")
    if args.open_steps < 0:
        parser.error("need --open-steps >= 0")
    return args


# --- Database -------------------------------------------------------------------------------
def prepare_database(url: str, keep: bool) -> None:
    """Create the bench database when missing (or re-create it unless --keep)."""
    import psycopg2
    from psycopg2 import sql

    parts = urlparse(url)
    name = unquote(parts.path.lstrip("/"))
    params = {"dbname": "postgres", "host": parts.hostname or "127.0.0.1",
              "port": parts.port or 5432, "user": unquote(parts.username or "postgres")}
    if parts.password:
        params["password"] = unquote(parts.password)
    server = psycopg2.connect(**params)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and not keep:
            if "bench" not in name:
                sys.exit(f"Refusing to drop database {name!r}: only a *bench* database is "
                         "re-created; use --keep to reuse it.")
            print(f"Re-creating database {name}")
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")
    server.close()


def setup_django(url: str) -> None:
    scheme = urlparse(url).scheme
    if scheme not in ("postgres", "postgresql", "pgsql", "psql"):
        sys.exit(f"This benchmark runs on PostgreSQL only (got {scheme!r}).")
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive_mgmt.settings"
    os.environ["DEBUG"] = "True"
    os.environ["DATABASE_URL"] = url
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("EMAIL_URL", "dummymail://")  # the engine's "step waiting" mails
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(f"This benchmark runs on PostgreSQL only (got {connection.vendor}).")


# --- Fill -----------------------------------------------------------------------------------
WORDS = {"surnames": SURNAMES, "given": GIVEN, "cities": CITIES, "brands": BRANDS,
         "trades": TRADES, "forms": FORMS, "positions": POSITIONS, "districts": DISTRICTS,
         "streets": STREETS, "communities": COMMUNITIES, "roads": ROADS,
         "mobile_prefixes": MOBILE_PREFIXES}


def pick(words: str, var: str, seed: int) -> str:
    """SQL picking from a word list (a named parameter) by a hash of the row number `var`."""
    return (f"(%({words})s::text[])"
            f"[1 + (hashint8extended({var}, {seed}) & {MASK}) %% {len(WORDS[words])}]")


def person(var: str, seed: int) -> str:
    return f"({pick('surnames', var, seed)} || {pick('given', var, seed + 1)})"


def make_users():
    from django.contrib.auth.models import Group

    from accounts.models import Department, User

    department, _ = Department.objects.get_or_create(
        code="bench", defaults={"name": "基准测试部", "name_en": "Benchmark"})
    groups = {group.name: group for group in Group.objects.all()}

    def user(username, last, first, role):
        person, _ = User.objects.get_or_create(username=username, defaults={
            "last_name": last, "first_name": first, "department": department,
            "email": f"{username}@example.com"})
        person.set_unusable_password()
        person.save()
        person.groups.add(groups[role])
        return person

    users = {
        "staff": user("bench_staff", "李", "明", "staff"),
        "gm": user("bench_gm", "王", "总", "gm"),
        "director": user("bench_director", "赵", "总监", "sales_director"),
        "planner": user("bench_planner", "规", "划", "planning"),
    }
    users["archivists"] = [user(f"bench_archivist{n}", "档", f"案{n}", "archivist")
                           for n in range(1, 4)]
    users["others"] = [user(f"bench_staff{n:02d}", SURNAMES[n * 7 % len(SURNAMES)],
                            GIVEN[n * 5 % len(GIVEN)], "staff") for n in range(1, 43)]
    return users


def fill(n: int, visible: int) -> None:
    from django.contrib.auth.models import Permission
    from django.db import connection, transaction
    from django.utils import timezone

    from core.models import NumberSequence
    from core.sequences import next_number
    from customers.models import Customer, GasDeliveryNotice, GasUseClass, Premises

    started = time.perf_counter()
    if Customer.objects.exists():
        sys.exit("The bench database already holds customers: run without --keep to re-create "
                 "it, or with --keep on a completely filled database.")
    year = timezone.localdate().year
    users = make_users()
    staff, planner = users["staff"], users["planner"]
    others = [u.pk for u in users["others"]]
    archivists = [u.pk for u in users["archivists"]]
    classes = dict(GasUseClass.objects.values_list("code", "pk"))

    # A handful of delivery notices (with their premises) that every account reuses.
    notices = []
    with transaction.atomic():
        for k, community in enumerate(COMMUNITIES[:5], start=1):
            place = Premises.objects.create(district="五华区", street="华山街道", building=str(k),
                                            community=community, created_by=planner)
            notices.append(GasDeliveryNotice.objects.create(
                number=f"TZ{year}{next_number('TZ', year):06d}", premises=place,
                issued_by=planner, created_by=planner,
                accepted_on=datetime.date(year, 1, 15), notes="bench").pk)
    premises_base = Premises.objects.order_by("-pk").values_list("pk", flat=True).first()

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        # Secondary indexes (not those behind a constraint) are rebuilt after the load.
        cursor.execute("""
            SELECT tablename, indexname, indexdef FROM pg_indexes
             WHERE schemaname = current_schema() AND tablename = ANY(%s)
               AND indexname NOT IN (SELECT conname FROM pg_constraint)""", [list(BIG_TABLES)])
        indexes = cursor.fetchall()
        for _table, name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    print(f"  users, notices; {len(indexes)} secondary indexes dropped for the load "
          f"({time.perf_counter() - started:.1f} s)")

    # --- customers -------------------------------------------------------------------------
    # bench_staff is the responsible staff of exactly `visible` customers spread over the ids;
    # the other 42 staff members share the rest. Custodian: an archivist or the staff member.
    params = dict(WORDS, others=others, archivists=archivists, notices=notices)
    rep = (f"CASE WHEN (i * {visible}) / {n} <> ((i - 1) * {visible}) / {n} THEN {staff.pk} "
           f"ELSE (%(others)s::bigint[])[1 + (hashint8extended(i, 11) & {MASK}) %% {len(others)}]"
           " END")
    span = 11.8 * 365 * 86400  # registered from 2015 to 2026, in id order
    company = (f"({pick('cities', 'i', 5)} || {pick('brands', 'i', 6)} || "
               f"{pick('trades', 'i', 7)} || {pick('forms', 'i', 8)})")
    category = ("CASE WHEN h < 85 THEN 'residential' WHEN h < 95 THEN 'commercial' "
                "WHEN h < 97 THEN 'industrial' WHEN h < 99 THEN 'collective' "
                "ELSE 'public_welfare' END")
    resident_id = ("'530102' || to_char(DATE '1940-01-01' + (i %% 25000)::int, 'YYYYMMDD') "
                   "|| lpad((i / 25000 %% 1000)::text, 3, '0') "
                   "|| substr('0123456789X', 1 + (i %% 11)::int, 1)")
    uscc = ("'91530100' || lpad(i::text, 9, '0') "
            "|| substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (i %% 31)::int, 1)")
    customers_sql = f"""
        INSERT INTO customers_customer (id, created_at, updated_at, number, category, low_income,
            name, id_type, id_number, legal_representative, industry, website, invoice_title,
            tax_number, credit_rating, credit_note, credit_noted_on, status, archive_state, notes,
            created_by_id, custodian_id, sales_rep_id)
        SELECT i, ts, ts, 'KH{year}' || lpad(i::text, greatest(6, length(i::text)), '0'),
               {category}, h < 85 AND i %% 40 = 0,
               CASE WHEN h < 85 THEN {person('i', 2)} ELSE {company} END,
               CASE WHEN h < 85 THEN 'resident_id' ELSE 'uscc' END,
               CASE WHEN h < 85 THEN {resident_id} ELSE {uscc} END,
               CASE WHEN h < 85 THEN '' ELSE {person('i', 20)} END,
               CASE WHEN h < 85 THEN '' ELSE {pick('trades', 'i', 7)} END,
               '',
               CASE WHEN h < 85 THEN '' ELSE {company} END,
               CASE WHEN h < 85 THEN '' ELSE {uscc} END,
               CASE WHEN s < 70 THEN 'A' WHEN s < 85 THEN 'B' WHEN s < 88 THEN 'C' ELSE '' END,
               '', NULL,
               CASE WHEN s < 95 OR s >= 98 THEN 'active' ELSE 'draft' END,
               CASE WHEN s < 95 OR s >= 98 THEN 'approved' ELSE 'pending' END,
               '', rep,
               CASE WHEN rep = {staff.pk} OR h %% 2 = 0
                    THEN (%(archivists)s::bigint[])[1 + (i %% {len(archivists)})::int] ELSE rep END,
               rep
          FROM (SELECT i, (hashint8extended(i, 1) & {MASK}) %% 100 AS h,
                       (hashint8extended(i, 4) & {MASK}) %% 100 AS s, {rep} AS rep,
                       TIMESTAMPTZ '2015-01-05 09:00+08' + make_interval(secs => i * {span / n})
                         AS ts
                  FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS i) AS g"""

    # --- premises, contacts, accounts (from the chunk of customers just inserted) ------------
    residential = "category = 'residential'"
    premises_sql = f"""
        INSERT INTO customers_premises (id, created_at, updated_at, district, street, community,
            building, unit, floor, room, detail, latitude, longitude, created_by_id)
        SELECT {premises_base} + i, created_at, created_at, {pick('districts', 'i', 30)},
               {pick('streets', 'i', 31)},
               CASE WHEN {residential} THEN {pick('communities', 'i', 32)} ELSE '' END,
               CASE WHEN {residential} THEN (1 + i %% 30)::text ELSE '' END,
               CASE WHEN {residential} THEN (1 + i / 30 %% 4)::text ELSE '' END,
               CASE WHEN {residential} THEN (1 + i / 120 %% 33)::text ELSE '' END,
               CASE WHEN {residential}
                    THEN (1 + i / 120 %% 33)::text || '0' || (1 + i / 3960 %% 4)::text
                    ELSE '' END,
               CASE WHEN {residential} THEN ''
                    ELSE {pick('roads', 'i', 33)} || (1 + i %% 899)::text || '号' END,
               NULL, NULL, sales_rep_id
          FROM (SELECT id AS i, created_at, category, sales_rep_id FROM customers_customer
                 WHERE id BETWEEN %(lo)s AND %(hi)s) AS c"""
    prefixes = len(MOBILE_PREFIXES)
    contacts_sql = f"""
        INSERT INTO customers_contact (id, created_at, updated_at, name, position, mobile,
            landline, email, is_primary, is_active, created_by_id, customer_id)
        SELECT i, created_at, created_at,
               CASE WHEN {residential} THEN name ELSE {person('i', 40)} END,
               CASE WHEN {residential} THEN '' ELSE {pick('positions', 'i', 42)} END,
               (%(mobile_prefixes)s::text[])[1 + (i %% {prefixes})::int]
                 || lpad(((i / {prefixes} * 7919 + 4321) %% 100000000)::text, 8, '0'),
               CASE WHEN {residential} THEN ''
                    ELSE '0871-6' || lpad((i %% 10000000)::text, 7, '0') END,
               '', true, true, sales_rep_id, i
          FROM (SELECT id AS i, created_at, category, name, sales_rep_id FROM customers_customer
                 WHERE id BETWEEN %(lo)s AND %(hi)s) AS c"""
    use_class = (f"CASE category WHEN 'residential' THEN CASE WHEN i %% 10 = 0 "
                 f"THEN {classes['res_heating']} ELSE {classes['res_cooking']} END "
                 f"WHEN 'industrial' THEN {classes['industrial']} "
                 f"WHEN 'public_welfare' THEN {classes['public_welfare']} "
                 f"ELSE {classes['commercial']} END")
    accounts_sql = f"""
        INSERT INTO customers_gasaccount (id, created_at, updated_at, number, status, opened_on,
            first_ignition_on, created_by_id, customer_id, first_ignition_by_id, opened_by_id,
            delivery_notice_id, use_class_id, premises_id)
        SELECT i, created_at, created_at,
               '{year}' || lpad(i::text, greatest(6, length(i::text)), '0'),
               CASE WHEN status = 'active' THEN 'normal' ELSE 'not_opened' END,
               (created_at AT TIME ZONE 'Asia/Shanghai')::date,
               CASE WHEN status = 'active'
                    THEN (created_at AT TIME ZONE 'Asia/Shanghai')::date + 3 END,
               sales_rep_id, i, CASE WHEN status = 'active' THEN sales_rep_id END, sales_rep_id,
               (%(notices)s::bigint[])[1 + (i %% {len(notices)})::int], {use_class},
               {premises_base} + i
          FROM (SELECT id AS i, created_at, category, status, sales_rep_id
                  FROM customers_customer WHERE id BETWEEN %(lo)s AND %(hi)s) AS c"""

    load_started = time.perf_counter()
    for lo in range(1, n + 1, CHUNK):
        hi = min(n, lo + CHUNK - 1)
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in (customers_sql, premises_sql, contacts_sql, accounts_sql):
                cursor.execute(statement, dict(params, lo=lo, hi=hi))
        print(f"  rows {lo:>9,}–{hi:>9,} loaded ({time.perf_counter() - started:6.1f} s)",
              flush=True)
    load_seconds = time.perf_counter() - load_started

    index_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _table, _name, definition in indexes:
            cursor.execute(definition)
    index_seconds = time.perf_counter() - index_started
    print(f"  {len(indexes)} indexes rebuilt in {index_seconds:.1f} s", flush=True)

    # A few access grants for another staff member, so the grant tables are not empty.
    view = Permission.objects.get(content_type__app_label="customers", codename="view_customer")
    grantee = others[0]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO customers_accessrequest (created_at, updated_at, purpose, scope, days,
                status, created_by_id, requester_id)
            VALUES (now(), now(), '基准测试：核对档案', 'view', 30, 'approved', %s, %s)
            RETURNING id""", [grantee, grantee])
        request_id = cursor.fetchone()[0]
        cursor.execute("""
            INSERT INTO customers_accessgrant (created_at, updated_at, can_print, starts_at,
                expires_at, removed_at, created_by_id, user_id, request_id, customer_id)
            SELECT now(), now(), false, now() - interval '1 day', now() + interval '29 days',
                   NULL, %s, %s, %s, id
              FROM customers_customer WHERE sales_rep_id <> %s AND custodian_id <> %s
             ORDER BY id LIMIT 200""", [users["gm"].pk, grantee, request_id, grantee, grantee])
        cursor.execute("""
            INSERT INTO customers_customeruserobjectpermission (content_object_id, permission_id,
                user_id)
            SELECT customer_id, %s, user_id FROM customers_accessgrant""", [view.pk])
        for table in ("customers_customer", "customers_premises", "customers_contact",
                      "customers_gasaccount", "customers_accessrequest", "customers_accessgrant",
                      "customers_customeruserobjectpermission"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT max(id) FROM {table}))")
        for series in ("KH", "HH"):
            NumberSequence.objects.update_or_create(series=series, year=year,
                                                    defaults={"last": n})

    vacuum_started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (*BIG_TABLES, "customers_accessgrant",
                      "customers_customeruserobjectpermission", "accounts_user",
                      "auth_group", "accounts_user_groups", "customers_gasdeliverynotice"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    vacuum_seconds = time.perf_counter() - vacuum_started
    total = time.perf_counter() - started
    print(f"Fill: {n:,} customers (+ as many premises, contacts, accounts) in {total:.1f} s "
          f"= {total / 60:.1f} min (load {load_seconds:.1f} s, indexes {index_seconds:.1f} s, "
          f"vacuum analyze {vacuum_seconds:.1f} s)", flush=True)


def set_login_passwords() -> None:
    """Give the users bench/http_load.py signs in as the bench password (also on an older fill)."""
    from accounts.models import User

    for person in User.objects.filter(username__in=LOGIN_USERS):
        if not person.check_password(BENCH_PASSWORD):
            person.set_password(BENCH_PASSWORD)
            person.save(update_fields=["password"])


def ensure_open_steps(n: int) -> None:
    """Top up the archive confirmations waiting for bench_director (sales director) to `n`.

    The first few go through the app's own service (customer_submit_archive: the approval
    engine freezes the route, activates the step, the customer becomes "awaiting
    confirmation"); the rest copy that request and its steps with set-based SQL, one pending
    round per customer (the table's partial unique index), preferring customers already
    marked "awaiting confirmation" by the fill and never bench_staff's, so the staff pages
    measure the same data as before.
    """
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import translation

    from accounts.models import User
    from accounts.roles import SALES_DIRECTOR
    from approvals.models import ApprovalRequest, ApprovalStep
    from approvals.selectors import inbox_count
    from approvals.targets import target_for
    from customers.models import Customer
    from customers.services import customer_submit_archive

    started = time.perf_counter()
    director = User.objects.get(username="bench_director")
    staff = User.objects.get(username="bench_staff")
    content_type = ContentType.objects.get_for_model(Customer)
    open_requests = ApprovalRequest.objects.filter(
        content_type=content_type, status=ApprovalRequest.Status.PENDING,
        steps__status=ApprovalStep.Status.PENDING, steps__role__name=SALES_DIRECTOR).distinct()
    existing = open_requests.count()
    if existing >= n:
        waiting = inbox_count(director, cap=None)
        print(f"  open steps for bench_director: {waiting:,} (no new ones needed)")
        return
    engine = 0
    if not existing:
        chosen = (Customer.objects.filter(archive_state=Customer.ArchiveState.APPROVED,
                                          status=Customer.Status.ACTIVE)
                  .exclude(sales_rep=staff).select_related("sales_rep")
                  .order_by("-id")[:min(n, ENGINE_SUBMISSIONS)])
        for customer in chosen:
            customer_submit_archive(customer=customer, by=customer.sales_rep)
            engine += 1
    template = open_requests.order_by("id").first()
    if template is None:
        sys.exit("--open-steps: the engine opened no archive confirmation (is the route "
                 "“customers.archive_confirmation” active with a sales director step?)")
    # The snapshot the engine stores for a customer archive, in the company's language.
    with translation.override(settings.LANGUAGE_CODE):
        title = str(target_for(Customer).summary(Customer(number="{number}",
                                                          name="{name}"))["title"])
    url = Customer(pk=987654321).get_absolute_url().replace("987654321", "{id}")
    wanted = n - existing - engine
    span = 60 * 86400 / max(wanted, 1)  # submitted over the last 60 days, oldest first
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO approvals_approvalrequest (created_at, updated_at, object_id, round,
                status, submitted_at, closed_at, comment, title, number, customer, amount, url,
                conditions, content_type_id, created_by_id, submitted_by_id)
            SELECT ts, ts, c.id, 1, 'pending', ts, NULL, '',
                   left(replace(replace(%(title)s, '{number}', c.number), '{name}', c.name), 200),
                   c.number, c.name, NULL, replace(%(url)s, '{id}', c.id::text), t.conditions,
                   %(ct)s, c.sales_rep_id, c.sales_rep_id
              FROM (SELECT id, number, name, sales_rep_id,
                           now() - make_interval(secs => %(span)s
                                                 * row_number() OVER (ORDER BY id DESC)) AS ts
                      FROM (SELECT id, number, name, sales_rep_id FROM customers_customer c
                             WHERE sales_rep_id <> %(staff)s
                               AND archive_state IN ('pending', 'approved')
                               AND NOT EXISTS (
                                   SELECT 1 FROM approvals_approvalrequest r
                                    WHERE r.content_type_id = %(ct)s AND r.object_id = c.id)
                             ORDER BY archive_state <> 'pending', id DESC
                             LIMIT %(wanted)s) AS picked) AS c,
                   approvals_approvalrequest t
             WHERE t.id = %(template)s
            RETURNING object_id""",
                       {"title": title, "url": url, "ct": content_type.pk, "span": span,
                        "staff": staff.pk, "wanted": wanted, "template": template.pk})
        made = [row[0] for row in cursor.fetchall()]
        # The template's steps, each as frozen by the engine: the first one waiting since the
        # submission with the engine's time limit, later ones (if a route has them) to come.
        cursor.execute("""
            INSERT INTO approvals_approvalstep (created_at, updated_at, label, decider, mode,
                quorum, time_limit_hours, position, route_name, status, activated_at, due_at,
                closed_at, reminded_on, version, created_by_id, department_id, request_id,
                role_id, user_id)
            SELECT r.submitted_at, r.submitted_at, t.label, t.decider, t.mode, t.quorum,
                   t.time_limit_hours, t.position, t.route_name, t.status,
                   CASE WHEN t.activated_at IS NOT NULL THEN r.submitted_at END,
                   r.submitted_at + (t.due_at - t.activated_at), NULL, NULL, 0,
                   r.submitted_by_id, t.department_id, r.id, t.role_id, t.user_id
              FROM approvals_approvalrequest r, approvals_approvalstep t
             WHERE t.request_id = %(template)s AND r.content_type_id = %(ct)s
               AND r.status = 'pending'
               AND NOT EXISTS (SELECT 1 FROM approvals_approvalstep s WHERE s.request_id = r.id)
            """, {"template": template.pk, "ct": content_type.pk})
        cursor.execute("UPDATE customers_customer SET archive_state = 'pending' "
                       "WHERE id = ANY(%s) AND archive_state <> 'pending'", [made])
    with connection.cursor() as cursor:
        for table in ("approvals_approvalrequest", "approvals_approvalstep",
                      "customers_customer"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    if existing + engine + len(made) < n:
        print(f"  only {existing + engine + len(made):,} customers could get an open "
              f"confirmation (one pending round per customer), not {n:,}")
    waiting = inbox_count(director, cap=None)
    print(f"  open steps for bench_director: {waiting:,} ({existing:,} there "
          f"before, {engine} through customer_submit_archive, {len(made):,} by SQL; "
          f"{time.perf_counter() - started:.1f} s)", flush=True)


CONFIRMED_ARCHIVES = 60  # bench_staff's customers whose page shows a confirmed archive


def ensure_confirmed_archives() -> None:
    """Give the customers whose pages are measured the archive confirmation every customer
    registered through the app has (customer_create sends it): one round, its sales director
    step and the director's decision, made by the app's services (the engine, the hash-chained
    decision, the history). These are bench_staff's newest customers (the first page of the
    list, from which bench/http_load.py picks the detail page) and the one `measure` opens."""
    from django.db import connection, transaction

    from accounts.models import User
    from approvals.models import ApprovalRequest
    from approvals.selectors import pending_request_for
    from approvals.services import approval_decide
    from customers.models import Customer
    from customers.services import customer_submit_archive

    started = time.perf_counter()
    staff = User.objects.get(username="bench_staff")
    director = User.objects.get(username="bench_director")
    own = Customer.objects.filter(sales_rep=staff)
    chosen = set(own.order_by("-id").values_list("pk", flat=True)[:CONFIRMED_ARCHIVES])
    ordered = own.order_by("id")
    chosen.add(ordered.values_list("pk", flat=True)[ordered.count() // 3])
    done = set(ApprovalRequest.objects.filter(object_id__in=chosen, status="approved",
                                              content_type__model="customer")
               .values_list("object_id", flat=True))
    for customer in Customer.objects.filter(pk__in=chosen - done).order_by("pk"):
        with transaction.atomic():
            # The fill wrote these archives as confirmed without a round: start them over.
            with connection.cursor() as cursor:
                cursor.execute("UPDATE customers_customer SET archive_state = 'not_submitted' "
                               "WHERE id = %s", [customer.pk])
            customer.refresh_from_db()
            customer_submit_archive(customer=customer, by=staff)
            step = pending_request_for(customer).steps.get()
            approval_decide(step=step, by=director, approve=True, comment="资料齐全")
    print(f"  confirmed archives of bench_staff's measured customers: {len(chosen - done)} new, "
          f"{len(done)} there ({time.perf_counter() - started:.1f} s)", flush=True)


def check_filled() -> None:
    from django.db import connection

    from customers.models import Customer

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = ANY(%s)",
                       [list(BIG_TABLES)])
        index_count = cursor.fetchone()[0]
    if not Customer.objects.filter(number__startswith="KH").exists() or index_count < 30:
        sys.exit("--keep: the bench database is not (completely) filled; run without --keep.")


# --- Measure --------------------------------------------------------------------------------
ROW_LINK = re.compile(r'<td><a href="/customers/\d+/">')
STEP_ROW = re.compile(r'<tr id="step-\d+"')
INBOX_PAGE = 50  # approvals.views.PAGE_SIZE


def table_rows(html: str, table: str = "customers") -> int:
    """Rows of the customer list, or of the approval inbox (`table="inbox"`)."""
    start = html.find(f'id="{table}"')
    end = html.find("</table>", start)
    row = STEP_ROW if table == "inbox" else ROW_LINK
    return len(row.findall(html[start:end])) if start >= 0 else -1


def pad(text: str, width: int) -> str:
    """Left-align `text` in `width` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - used)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(repeat: int, explain_full: bool) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from approvals.selectors import inbox_count
    from customers.models import Contact, Customer

    logging.getLogger("accounts.auth").setLevel(logging.WARNING)  # no "login succeeded" lines
    # DEBUG keeps the last 9,000 queries; a fill's service calls (the confirmed archives) can
    # fill that log, and CaptureQueriesContext then sees none of a page's queries.
    reset_queries()
    staff = User.objects.get(username="bench_staff")
    gm = User.objects.get(username="bench_gm")
    director = User.objects.get(username="bench_director")
    waiting = inbox_count(director, cap=None)
    total = Customer.objects.count()
    own = Customer.objects.filter(sales_rep=staff).order_by("id")
    own_count = own.count()
    middle = own[own_count // 2]
    phone = Contact.objects.filter(customer=middle).values_list("mobile", flat=True).first()
    detail = own[own_count // 3]
    matches = {term: (Customer.objects.filter(name__icontains=term).count(),
                      own.filter(name__icontains=term).count())
               for term in (NAME_TERM, SHORT_TERM, RARE_SHORT_TERM)}
    print(f"\nData: {total:,} customers; bench_staff sees {own_count:,}.")
    for term, (everyone, mine) in matches.items():
        print(f"  name contains {term!r}: {everyone:,} customers, {mine:,} of bench_staff's")
    print(f"  phone search: mobile {phone} of customer {middle.number}; "
          f"detail page: customer {detail.pk} ({detail.number})")
    print(f"  approval inbox of bench_director (sales director): {waiting:,} open steps")

    clients = {}
    for person in (staff, gm, director):
        client = Client()
        client.force_login(person, backend="accounts.backends.UserBackend")
        clients[person.username] = client

    pages = [
        ("list", "bench_staff", "/customers/", {}, 50),
        (f"name search {NAME_TERM}", "bench_staff", "/customers/", {"q": NAME_TERM},
         min(50, matches[NAME_TERM][1])),
        (f"name search {SHORT_TERM} (2 chars)", "bench_staff", "/customers/",
         {"q": SHORT_TERM}, min(50, matches[SHORT_TERM][1])),
        (f"name search {RARE_SHORT_TERM} (2 chars)", "bench_staff", "/customers/",
         {"q": RARE_SHORT_TERM}, min(50, matches[RARE_SHORT_TERM][1])),
        ("phone search", "bench_staff", "/customers/", {"q": phone}, 1),
        ("detail", "bench_staff", f"/customers/{detail.pk}/", {}, None),
        ("list", "bench_gm", "/customers/", {}, 50),
        (f"name search {NAME_TERM}", "bench_gm", "/customers/", {"q": NAME_TERM},
         min(50, matches[NAME_TERM][0])),
        (f"name search {SHORT_TERM} (2 chars)", "bench_gm", "/customers/", {"q": SHORT_TERM},
         min(50, matches[SHORT_TERM][0])),
        ("approval inbox", "bench_director", "/approvals/", {}, min(INBOX_PAGE, waiting)),
        ("badge /approvals/badge/", "bench_director", "/approvals/badge/", {}, None),
        ("badge /approvals/badge/", "bench_staff", "/approvals/badge/", {}, None),
    ]
    results = []
    for label, username, path, query, rows_expected in pages:
        client = clients[username]
        table = "inbox" if path == "/approvals/" else "customers"
        timings, cpu, counts, slowest = [], [], set(), None
        for run in range(3 + repeat):
            with CaptureQueriesContext(connection) as captured:
                began, began_cpu = time.perf_counter(), time.process_time()
                response = client.get(path, query)
                elapsed = (time.perf_counter() - began) * 1000
                elapsed_cpu = (time.process_time() - began_cpu) * 1000
            if response.status_code != 200:
                sys.exit(f"{label} ({username}): HTTP {response.status_code}")
            if rows_expected is not None:
                rows = table_rows(response.content.decode(), table)
                if rows != rows_expected:
                    sys.exit(f"{label} ({username}): {rows} rows shown, {rows_expected} expected")
            if run < 3:
                continue
            timings.append(elapsed)
            cpu.append(elapsed_cpu)
            counts.add(len(captured.captured_queries))
            # The slowest SELECT (EXPLAIN ANALYZE runs the statement: no INSERT/UPDATE).
            query_ = max((q for q in captured.captured_queries if q["sql"].startswith("SELECT")),
                         key=lambda q: float(q["time"]))
            if slowest is None or float(query_["time"]) > float(slowest["time"]):
                slowest = query_
        queries = "/".join(str(count) for count in sorted(counts))
        rows = (table_rows(response.content.decode(), table) if rows_expected is not None
                else "-")
        results.append((label, username, statistics.median(timings),
                        percentile(timings, 0.95), statistics.median(cpu), queries, rows,
                        slowest))
        print(f"  measured {label} ({username})", flush=True)

    print(f"\n{'page':<28} {'user':<15} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} "
          f"{'queries':>8} {'rows':>5}")
    print("-" * 87)
    for label, username, median, p95, cpu_ms, queries, rows, _slowest in results:
        print(f"{pad(label, 28)} {username:<15} {median:>10.1f} {p95:>8.1f} {cpu_ms:>7.1f} "
              f"{queries:>8} {rows:>5}")

    print("Server time: Django test client in-process (middleware, views, templates, SQL; no "
          "network).\ncpu ms: median CPU time of this Python process per request "
          "(time.process_time: Django, templates, the driver; not the PostgreSQL server)."
          "\nqueries a/b: b = a + 3 when the session's last-seen time is written "
          "(BEGIN, UPDATE django_session, COMMIT: at most once a minute).")
    print("\nSlowest SELECT of each page, EXPLAIN (ANALYZE, BUFFERS):")
    for label, username, _median, _p95, _cpu, _queries, _rows, slowest in results:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        summary = next(line for line in plan if line.startswith("Execution Time"))
        print(f"  {label} ({username}): {summary}; top node: {plan[0].strip()[:90]}")
        if explain_full:
            print("    SQL: " + slowest["sql"])
            print("\n".join("    " + line for line in plan))


def main():
    args = parse_args()
    import platform

    print(f"bench/customers.py — {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    prepare_database(args.database_url, args.keep)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print(f"PostgreSQL {cursor.fetchone()[0]}, database {connection.settings_dict['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    from customers.models import Customer

    if args.keep and Customer.objects.exists():
        check_filled()
        print("--keep: reusing the filled database")
    else:
        fill(args.customers, args.visible)
    set_login_passwords()
    if args.open_steps:
        ensure_open_steps(args.open_steps)
    ensure_confirmed_archives()
    connection.close()
    measure(args.repeat, args.explain_full)


if __name__ == "__main__":
    main()
