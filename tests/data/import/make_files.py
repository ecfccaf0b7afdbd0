"""Writes the messy files the import sniffer is tested on, and expected.json.

Each file is small (well under 50 KB) and shaped like something people really get: a GBK
export from a Chinese accounting tool, Excel's "Unicode text", a report with title lines above
its header, a password-protected workbook. Beside each file's maker sits what the import
dialog should propose for it; expected.json collects those (and, for the files that cannot be
imported, a piece of the message the user gets). The expectations are written here by hand,
never taken from the sniffer's output.

Run `python3 make_files.py` in this folder (inside the toolbox: it needs openpyxl and pandas'
ODS writer) to regenerate the files; the data is seeded, and the workbooks' timestamps fixed,
so the bytes come out the same.
"""

import datetime
import io
import json
import os
import random
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20240917
FIXED_TIME = datetime.datetime(2024, 9, 17, 9, 30, 0)

FILES = {}  # name -> (bytes, expected fields)


def csv_expected(columns, **fields):
    """The sniff of a delimited text file: the defaults of a plain UTF-8 comma CSV, changed
    by fields; columns as (name, dtype) pairs."""
    expected = {
        "format": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "quotechar": '"',
        "escapechar": None,
        "decimal": ".",
        "thousands": None,
        "skip_rows": 0,
        "header": True,
        "comment": None,
        "na_values": [],
        "sheet": None,
        "sheets": [],
        "json_orient": None,
    }
    expected.update(fields)
    expected["columns"] = [{"name": n, "dtype": d} for n, d in columns]
    return expected


def excel_expected(columns, sheet, sheets, **fields):
    expected = csv_expected(
        columns,
        format="excel",
        encoding=None,
        delimiter=None,
        quotechar=None,
        sheet=sheet,
        sheets=sheets,
    )
    expected.update(fields)
    return expected


def json_expected(columns, orient, **fields):
    expected = csv_expected(
        columns, format="json", delimiter=None, quotechar=None, json_orient=orient
    )
    expected.update(fields)
    return expected


def made(name, data, expected):
    FILES[name] = (data, expected)


def text(lines, newline="\n"):
    return newline.join(lines) + newline


# --- encodings --------------------------------------------------------------------------------


def sales_gbk():
    """A semicolon export with decimal commas, GBK, Chinese headers (a Chinese bookkeeping
    tool with a European-style locale)."""
    rng = random.Random(SEED)
    regions = ["华东", "华南", "华北", "西南"]
    products = ["苹果", "香蕉", "橙子", "葡萄", "西瓜", "草莓"]
    lines = ["日期;地区;产品;数量;单价;备注"]
    start = datetime.date(2024, 3, 1)
    for day in range(30):
        date = start + datetime.timedelta(days=day)
        price = "%d,%02d" % (rng.randint(2, 30), rng.randint(0, 99))
        note = rng.choice(["", "客户%d号" % rng.randint(1, 999)])
        lines.append(
            "%s;%s;%s;%d;%s;%s"
            % (
                date.isoformat(),
                rng.choice(regions),
                rng.choice(products),
                rng.randint(1, 500),
                price,
                note,
            )
        )
    made(
        "sales_gbk.csv",
        text(lines, "\r\n").encode("gbk"),
        csv_expected(
            [
                ("日期", "datetime"),
                ("地区", "category"),
                ("产品", "category"),
                ("数量", "int"),
                ("单价", "float"),
                ("备注", "text"),
            ],
            encoding="gb18030",
            delimiter=";",
            decimal=",",
        ),
    )


def contacts_utf8_bom():
    """Excel's "CSV UTF-8": a byte order mark, then names from everywhere."""
    rows = [
        ("Zoë Ångström", "zoe@example.se", "2023-11-02", "true"),
        ("Łukasz Żółw", "lukasz@example.pl", "2024-01-15", "false"),
        ("Chloé Dupont", "chloe@example.fr", "2024-02-29", "true"),
        ("Søren Kierkegaard", "soren@example.dk", "2024-03-10", "false"),
        ("Nguyễn Văn An", "an@example.vn", "2024-04-01", "true"),
        ("Ana María Pérez", "ana@example.es", "2024-05-20", "true"),
    ]
    lines = ["name,email,signup,newsletter"] + [",".join(row) for row in rows]
    made(
        "contacts_utf8_bom.csv",
        b"\xef\xbb\xbf" + text(lines).encode("utf-8"),
        csv_expected(
            [
                ("name", "text"),
                ("email", "text"),
                ("signup", "datetime"),
                ("newsletter", "bool"),
            ],
            encoding="utf-8-sig",
        ),
    )


def unicode_text_utf16():
    """Excel's "Unicode text" export: UTF-16 with a byte order mark, tabs, CRLF."""
    rows = [
        ("Kaffee Crème", "12", "4.5"),
        ("Té verde", "40", "3.25"),
        ("抹茶", "7", "6.8"),
        ("Чай", "15", "2.1"),
        ("Café au lait", "22", "3.9"),
    ]
    lines = ["Product\tUnits\tPrice"] + ["\t".join(row) for row in rows]
    made(
        "unicode_text_utf16.txt",
        text(lines, "\r\n").encode("utf-16"),
        csv_expected(
            [("Product", "text"), ("Units", "int"), ("Price", "float")],
            encoding="utf-16",
            delimiter="\t",
        ),
    )


def kunden_cp1252():
    """A German Windows export: cp1252 with the euro sign, curly quotes and dashes (bytes
    0x80-0x9F), semicolons, decimal commas and dots between thousands."""
    rows = [
        ("Müller", "Jürgen", "1.250,00", "€", "„Stammkunde“"),
        ("Weiß", "Anna", "980,50", "€", "–"),
        ("Schröder", "Björn", "2.310,75", "€", "zahlt pünktlich"),
        ("Groß", "Käthe", "45,00", "CHF", "neu"),
        ("Bäcker", "Uwe", "300,10", "€", "„VIP“"),
    ]
    lines = ["Nachname;Vorname;Umsatz;Währung;Bemerkung"] + [";".join(r) for r in rows]
    made(
        "kunden_cp1252.csv",
        text(lines, "\r\n").encode("cp1252"),
        csv_expected(
            [
                ("Nachname", "text"),
                ("Vorname", "text"),
                ("Umsatz", "float"),
                ("Währung", "text"),
                ("Bemerkung", "text"),
            ],
            encoding="cp1252",
            delimiter=";",
            decimal=",",
            thousands=".",
        ),
    )


def clients_latin1():
    """ISO-8859-1 French names, day-first slash dates (a day above 12 tells)."""
    rows = [
        ("Hélène Lefèvre", "Besançon", "03/01/2024", "1200.5"),
        ("François Mézières", "Orléans", "17/02/2024", "830"),
        ("Cécile Noël", "Nîmes", "28/02/2024", "99.9"),
        ("Jérôme Ça", "Évry", "05/03/2024", "450.25"),
        ("Maëlle Brûlé", "Rodez", "11/04/2024", "310"),
    ]
    lines = ["client,ville,date_commande,montant"] + [",".join(row) for row in rows]
    made(
        "clients_latin1.csv",
        text(lines).encode("latin-1"),
        csv_expected(
            [
                ("client", "text"),
                ("ville", "text"),
                ("date_commande", "datetime"),
                ("montant", "float"),
            ],
            encoding="latin-1",
        ),
    )


def taiwan_big5():
    rows = [
        ("臺北市", "2,494,813", "271.80", "北部"),
        ("新北市", "4,004,367", "2052.57", "北部"),
        ("桃園市", "2,290,955", "1220.95", "北部"),
        ("臺中市", "2,845,909", "2214.90", "中部"),
        ("臺南市", "1,859,336", "2191.65", "南部"),
        ("高雄市", "2,734,075", "2951.85", "南部"),
    ]
    lines = ["城市,人口,面積,地區"] + [
        '%s,"%s",%s,%s' % (city, people, area, part)
        for city, people, area, part in rows
    ]
    made(
        "cities_big5.csv",
        text(lines, "\r\n").encode("big5"),
        csv_expected(
            [("城市", "text"), ("人口", "int"), ("面積", "float"), ("地區", "text")],
            encoding="big5",
            thousands=",",
        ),
    )


def tokyo_shift_jis():
    rows = [
        ("コーヒー豆", "1200", "東京"),
        ("緑茶", "800", "静岡"),
        ("抹茶ラテ", "450", "京都"),
        ("ほうじ茶", "600", "東京"),
        ("カフェオレ", "380", "大阪"),
    ]
    lines = ["商品名,価格,産地"] + [",".join(row) for row in rows]
    made(
        "products_shift_jis.csv",
        text(lines, "\r\n").encode("shift_jis"),
        csv_expected(
            [("商品名", "text"), ("価格", "int"), ("産地", "text")],
            encoding="shift_jis",
        ),
    )


# --- dialects ---------------------------------------------------------------------------------


def inventory_pipe():
    rng = random.Random(SEED + 1)
    lines = ["sku|description|on_hand|unit_cost"]
    for n in range(12):
        lines.append(
            "SKU-%04d|%s, size %s|%d|%.2f"
            % (
                1000 + n,
                rng.choice(["Bolt", "Nut", "Washer", "Bracket"]),
                rng.choice(["S", "M", "L"]),
                rng.randint(0, 900),
                rng.uniform(0.05, 12),
            )
        )
    made(
        "inventory_pipe.txt",
        text(lines).encode("ascii"),
        csv_expected(
            [
                ("sku", "text"),
                ("description", "text"),
                ("on_hand", "int"),
                ("unit_cost", "float"),
            ],
            delimiter="|",
        ),
    )


def report_title_lines():
    """A report with two title lines (one with a comma) and a blank line above the header."""
    rng = random.Random(SEED + 2)
    lines = [
        "Regional revenue report Q1 2024",
        "Generated 2024-04-02 08:15, by finance-bot",
        "",
        "region,month,revenue,orders",
    ]
    for region in ("North", "South", "East", "West"):
        for month in ("2024-01", "2024-02", "2024-03"):
            lines.append(
                "%s,%s,%.2f,%d"
                % (region, month, rng.uniform(1e4, 9e4), rng.randint(50, 900))
            )
    made(
        "report_title_lines.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [
                ("region", "text"),
                ("month", "text"),
                ("revenue", "float"),
                ("orders", "int"),
            ],
            skip_rows=2,
        ),
    )


def sensor_comments():
    """A logger's file: # comment lines above the header and between the readings."""
    lines = [
        "# station: Lindenberg",
        "# units: celsius, percent",
        "timestamp,temperature,humidity",
        "2024-06-01 00:00:00,14.2,81",
        "2024-06-01 01:00:00,13.8,83",
        "# sensor restarted",
        "2024-06-01 02:00:00,13.1,85",
        "2024-06-01 03:00:00,12.9,86",
        "2024-06-01 04:00:00,12.7,88",
    ]
    made(
        "sensor_comments.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [
                ("timestamp", "datetime"),
                ("temperature", "float"),
                ("humidity", "int"),
            ],
            comment="#",
        ),
    )


def matrix_headerless():
    rng = random.Random(SEED + 3)
    lines = [
        ",".join(
            ["%d" % rng.randint(0, 99)]
            + ["%.3f" % rng.uniform(-5, 5) for _ in range(3)]
        )
        for _ in range(15)
    ]
    made(
        "matrix_headerless.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [
                ("column_1", "int"),
                ("column_2", "float"),
                ("column_3", "float"),
                ("column_4", "float"),
            ],
            header=False,
        ),
    )


def population_thousands():
    """Thousands separators in quoted fields of a comma file."""
    rows = [
        ("Germany", "84,482,267", "357,588.0"),
        ("France", "68,170,228", "643,801.0"),
        ("Italy", "58,761,146", "301,340.0"),
        ("Spain", "48,373,336", "505,990.0"),
        ("Poland", "36,753,736", "312,696.0"),
    ]
    lines = ["country,population,area_km2"] + ['%s,"%s","%s"' % row for row in rows]
    made(
        "population_thousands.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [("country", "text"), ("population", "int"), ("area_km2", "float")],
            thousands=",",
        ),
    )


def bilanz_european():
    """A German balance sheet: 1.234.567,89 with semicolons."""
    rows = [
        ("Umsatzerlöse", "1.234.567,89", "1.198.004,10"),
        ("Materialaufwand", "-512.300,00", "-498.120,55"),
        ("Personalaufwand", "-401.250,40", "-388.900,00"),
        ("Abschreibungen", "-35.000,00", "-33.750,00"),
        ("Zinsen", "-4.120,15", "-5.010,80"),
    ]
    lines = ["Posten;2024;2023"] + [";".join(row) for row in rows]
    made(
        "bilanz_european.csv",
        text(lines).encode("utf-8"),
        csv_expected(
            [("Posten", "text"), ("2024", "float"), ("2023", "float")],
            delimiter=";",
            decimal=",",
            thousands=".",
        ),
    )


def survey_na():
    """Missing answers written four ways: NA, n/a, NULL (pandas knows these) and -."""
    rows = [
        ("1", "34", "72.5", "Berlin"),
        ("2", "NA", "68.0", "Hamburg"),
        ("3", "29", "n/a", "München"),
        ("4", "-", "81.2", "NULL"),
        ("5", "41", "-", "Köln"),
        ("6", "52", "77.7", "-"),
        ("7", "NULL", "59.3", "Bonn"),
    ]
    lines = ["respondent,age,weight_kg,city"] + [",".join(row) for row in rows]
    made(
        "survey_na.csv",
        text(lines).encode("utf-8"),
        csv_expected(
            [
                ("respondent", "int"),
                ("age", "float"),
                ("weight_kg", "float"),
                ("city", "text"),
            ],
            na_values=["-"],
        ),
    )


def events_dates():
    rows = [
        ("2024-01-05", "05.01.2024", "01/13/2024", "2024-01-05 09:30:00", "Kickoff"),
        ("2024-02-14", "14.02.2024", "02/14/2024", "2024-02-14 14:00:00", "Review"),
        ("2024-03-31", "31.03.2024", "03/31/2024", "2024-03-31 23:59:59", "Close"),
        ("2024-07-04", "04.07.2024", "07/04/2024", "2024-07-04 12:00:00", "Party"),
    ]
    lines = ["iso,german,us,logged_at,event"] + [",".join(row) for row in rows]
    made(
        "events_dates.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [
                ("iso", "datetime"),
                ("german", "datetime"),
                ("us", "datetime"),
                ("logged_at", "datetime"),
                ("event", "text"),
            ]
        ),
    )


def flags_bool():
    rows = [
        ("alice", "true", "yes", "Yes"),
        ("bob", "false", "no", ""),
        ("carol", "True", "yes", "No"),
        ("dave", "FALSE", "no", "Yes"),
        ("erin", "true", "yes", "No"),
    ]
    lines = ["user,active,subscribed,verified"] + [",".join(row) for row in rows]
    made(
        "flags_bool.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [
                ("user", "text"),
                ("active", "bool"),
                ("subscribed", "bool"),
                ("verified", "bool"),
            ]
        ),
    )


def orders_category():
    """Forty orders: a status of three values is a category, the customer names are not."""
    rng = random.Random(SEED + 4)
    first = ["Ava", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jade"]
    last = ["Ng", "Ortiz", "Park", "Quinn", "Rossi", "Sato", "Tran", "Ueda"]
    lines = ["order_id,customer,status,total"]
    for n in range(40):
        lines.append(
            "%d,%s %s,%s,%.2f"
            % (
                5000 + n,
                rng.choice(first),
                rng.choice(last),
                rng.choice(["shipped", "pending", "cancelled"]),
                rng.uniform(5, 400),
            )
        )
    made(
        "orders_category.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [
                ("order_id", "int"),
                ("customer", "text"),
                ("status", "category"),
                ("total", "float"),
            ]
        ),
    )


def notes_multiline():
    """Quoted fields holding commas, doubled quotes and line breaks."""
    lines = [
        "id,title,body",
        '1,"Meeting, Monday","Agenda:',
        "- budget",
        '- hiring"',
        '2,Plain,"He said ""ship it"", so we did"',
        '3,"Tabs	and, commas","line one',
        'line two"',
        "4,Short,ok",
    ]
    made(
        "notes_multiline.csv",
        text(lines).encode("utf-8"),
        csv_expected([("id", "int"), ("title", "text"), ("body", "text")]),
    )


def single_quotes():
    lines = [
        "id,name,city,score",
        "1,'Smith, John','New York',88",
        "2,'Doe, Jane','Los Angeles',92",
        "3,'Lee, Ann','San Francisco, CA',79",
        "4,'Brown, Bob','Austin',85",
    ]
    made(
        "single_quotes.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [("id", "int"), ("name", "text"), ("city", "text"), ("score", "int")],
            quotechar="'",
        ),
    )


def backslash_escapes():
    """A MySQL-style dump: quotes inside fields escaped with a backslash."""
    lines = [
        "id,comment,rating",
        '1,"He said \\"great\\", then left",5',
        '2,"Fine",3',
        '3,"The \\"best\\" one, really",4',
        '4,"No comment",2',
    ]
    made(
        "backslash_escapes.csv",
        text(lines).encode("ascii"),
        csv_expected(
            [("id", "int"), ("comment", "text"), ("rating", "int")],
            escapechar="\\",
        ),
    )


def crlf_windows():
    rows = [("A-100", "3", "19.99"), ("B-220", "1", "5.49"), ("C-310", "12", "0.99")]
    lines = ["item,quantity,price"] + [",".join(row) for row in rows]
    made(
        "crlf_windows.csv",
        text(lines, "\r\n").encode("ascii"),
        csv_expected([("item", "text"), ("quantity", "int"), ("price", "float")]),
    )


def trailing_semicolons():
    """Excel's CSV of a sheet with one stray formatted column: every line ends with ;."""
    rows = [
        ("Oslo", "7,2", "709037"),
        ("Bergen", "8,1", "291189"),
        ("Tromsø", "3,1", "78745"),
    ]
    lines = ["Stadt;Temperatur;Einwohner;"] + [";".join(row) + ";" for row in rows]
    made(
        "trailing_semicolons.csv",
        text(lines, "\r\n").encode("utf-8"),
        csv_expected(
            [("Stadt", "text"), ("Temperatur", "float"), ("Einwohner", "int")],
            delimiter=";",
            decimal=",",
        ),
    )


# --- workbooks --------------------------------------------------------------------------------


def stable_zip(data):
    """The archive with every member's time (and the workbook's modified time) fixed, so its
    bytes do not change with the day it is made; the members' order and compression are kept.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 9, 17, 9, 30, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if (
                info.filename == "docProps/core.xml"
            ):  # openpyxl stamps the time of saving
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>2024-09-17T09:30:00Z",
                    content,
                )
            target.writestr(fixed, content)
    return out.getvalue()


def workbook_bytes(book):
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())


def two_sheets_workbook():
    """A summary sheet with a title row above its table, and a data sheet."""
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["Quarterly summary (EUR)"])
    summary.append(["quarter", "revenue", "margin"])
    for quarter, revenue, margin in (
        ("Q1", 120500.5, 0.21),
        ("Q2", 98000.0, 0.18),
        ("Q3", 143250.25, 0.24),
        ("Q4", 160100.0, 0.26),
    ):
        summary.append([quarter, revenue, margin])
    data = book.create_sheet("Orders")
    data.append(["order", "date", "amount"])
    for n in range(10):
        data.append([7000 + n, datetime.datetime(2024, 1, 3 + n), 10.5 * (n + 1)])
    made(
        "two_sheets.xlsx",
        workbook_bytes(book),
        excel_expected(
            [("quarter", "text"), ("revenue", "float"), ("margin", "float")],
            "Summary",
            ["Summary", "Orders"],
            skip_rows=1,
        ),
    )


def offset_workbook():
    """A sheet whose table starts on row 3 (two empty rows above it)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Stock"
    sheet["A3"], sheet["B3"], sheet["C3"] = "part", "count", "checked"
    for n, (part, count) in enumerate((("gear", 14), ("shaft", 3), ("spring", 120))):
        sheet.cell(row=4 + n, column=1, value=part)
        sheet.cell(row=4 + n, column=2, value=count)
        sheet.cell(row=4 + n, column=3, value=datetime.datetime(2024, 5, 1 + n, 8, 0))
    made(
        "offset_table.xlsx",
        workbook_bytes(book),
        excel_expected(
            [("part", "text"), ("count", "int"), ("checked", "datetime")],
            "Stock",
            ["Stock"],
            skip_rows=2,
        ),
    )


def empty_first_sheet_workbook():
    """A cover sheet left empty; the table is on the second sheet."""
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    orders = book.create_sheet("Orders")
    orders.append(["id", "customer", "paid"])
    for n, name in enumerate(("Acme", "Globex", "Initech", "Umbrella")):
        orders.append([n + 1, name, n % 2 == 0])
    made(
        "empty_first_sheet.xlsx",
        workbook_bytes(book),
        excel_expected(
            [("id", "int"), ("customer", "text"), ("paid", "bool")],
            "Orders",
            ["Cover", "Orders"],
        ),
    )


def workbook_named_csv():
    """A workbook someone saved with a .csv name: its bytes say what it is."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(["code", "value"])
    for n in range(5):
        sheet.append(["K%d" % n, n * 1.5])
    made(
        "really_a_workbook.csv",
        workbook_bytes(book),
        excel_expected([("code", "text"), ("value", "float")], "Export", ["Export"]),
    )


def ods_budget():
    frame = pd.DataFrame(
        {
            "category": ["Rent", "Food", "Transport", "Leisure"],
            "planned": [950, 400, 120, 150],
            "spent": [950.0, 432.5, 98.2, 210.0],
        }
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Budget", index=False)
    made(
        "budget.ods",
        stable_zip(buffer.getvalue()),
        excel_expected(
            [("category", "text"), ("planned", "int"), ("spent", "float")],
            "Budget",
            ["Budget"],
        ),
    )


# --- JSON and Parquet -------------------------------------------------------------------------


def events_jsonl():
    rng = random.Random(SEED + 5)
    lines = []
    for n in range(25):
        lines.append(
            json.dumps(
                {
                    "event_id": n + 1,
                    "user": "u%03d" % rng.randint(1, 60),
                    "action": rng.choice(["view", "click", "buy"]),
                    "value": round(rng.uniform(0, 50), 2),
                }
            )
        )
    made(
        "events.jsonl",
        text(lines).encode("utf-8"),
        json_expected(
            [
                ("event_id", "int"),
                ("user", "text"),
                ("action", "category"),
                ("value", "float"),
            ],
            "lines",
        ),
    )


def products_records():
    records = [
        {
            "sku": "A1",
            "name": "Kettle",
            "price": 29.9,
            "tags": ["kitchen"],
            "stock": 12,
        },
        {"sku": "B2", "name": "Toaster", "price": 39.5, "tags": [], "stock": 0},
        {
            "sku": "C3",
            "name": "Blender",
            "price": 59.0,
            "tags": ["kitchen", "new"],
            "stock": 4,
        },
    ]
    made(
        "products_records.json",
        json.dumps(records, indent=2).encode("utf-8"),
        json_expected(
            [
                ("sku", "text"),
                ("name", "text"),
                ("price", "float"),
                ("tags", "text"),
                ("stock", "int"),
            ],
            "records",
        ),
    )


def prices_columns():
    """pandas' DataFrame.to_json() default: {column: {row: value}}."""
    document = {
        "ticker": {"0": "ACME", "1": "GLBX", "2": "INIT"},
        "close": {"0": 101.25, "1": 55.1, "2": 12.0},
        "volume": {"0": 120000, "1": 98000, "2": 5000},
    }
    made(
        "prices_columns.json",
        json.dumps(document).encode("utf-8"),
        json_expected(
            [("ticker", "text"), ("close", "float"), ("volume", "int")], "columns"
        ),
    )


def stations_index():
    document = {
        "Lindenberg": {"lat": 52.21, "lon": 14.12, "elevation": 98},
        "Zugspitze": {"lat": 47.42, "lon": 10.98, "elevation": 2964},
        "Helgoland": {"lat": 54.17, "lon": 7.89, "elevation": 4},
        "Brocken": {"lat": 51.8, "lon": 10.62, "elevation": 1134},
        "Arkona": {"lat": 54.68, "lon": 13.43, "elevation": 42},
    }
    made(
        "stations_index.json",
        json.dumps(document, indent=1).encode("utf-8"),
        json_expected(
            [("lat", "float"), ("lon", "float"), ("elevation", "int")], "index"
        ),
    )


def parquet_readings():
    """A real Parquet file as Sandpiper writes it (DuckDB, zstd): run make_files.py with the
    engine's native modules on PYTHONPATH (build/lib/sandpiper)."""
    import tempfile

    from sandpiper_runtime import parquet

    rng = random.Random(SEED)
    frame = pd.DataFrame(
        {
            "station": pd.Categorical(
                [rng.choice(["Oslo", "Bergen", "Tromsø"]) for _ in range(50)]
            ),
            "taken": pd.date_range("2024-05-01 06:00", periods=50, freq="h"),
            "celsius": [round(rng.uniform(-5, 25), 1) for _ in range(50)],
            "count": pd.array(
                [rng.randint(0, 9) if n % 7 else None for n in range(50)], "Int64"
            ),
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SANDPIPER_WORKSPACE"] = folder
        path = os.path.join(folder, "readings.parquet")
        parquet.write(frame, path, index=False)
        data = Path(path).read_bytes()
    columns = [
        ("station", "category"),
        ("taken", "datetime"),
        ("celsius", "float"),
        ("count", "int"),
    ]
    expected = csv_expected(
        columns, format="parquet", encoding=None, delimiter=None, quotechar=None
    )
    made("readings.parquet", data, expected)


def parquet_magic():
    """The signature around garbage: recognised as Parquet, but no footer to read."""
    made(
        "measurements.parquet",
        b"PAR1" + bytes(range(64)) + b"PAR1",
        {"format": "parquet", "error": "cannot be read as Parquet"},
    )


# --- files that cannot be imported ------------------------------------------------------------


def bad_files():
    made("empty.csv", b"", {"error": "The file is empty."})
    png = b"\x89PNG\r\n\x1a\n" + bytes(
        random.Random(SEED).randrange(256) for _ in range(300)
    )
    made(
        "chart_renamed.csv",
        png,
        {"error": "not a text file: it looks like a PNG image"},
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
        info = zipfile.ZipInfo("data.csv", date_time=(2024, 9, 17, 9, 30, 0))
        target.writestr(info, "a,b\n1,2\n")
    made(
        "zipped_renamed.csv",
        archive.getvalue(),
        {"error": "not a text file: it looks like a ZIP archive"},
    )
    russian = [
        "фамилия,город,сумма",
        "Иванов,Москва,1200",
        "Петрова,Новосибирск,830",
        "Сидоров,Екатеринбург,99",
    ]
    made(
        "russian_cp1251.csv",
        text(russian).encode("cp1251"),
        {"error": "Cannot tell the encoding"},
    )
    ragged = ["id,name,score"] + ["%d,row%d,%d" % (n, n, n * 3) for n in range(1, 12)]
    ragged[6] = "6,row6,18,extra,fields"
    ragged[11] = "11,row11,33,oops"
    made(
        "ragged.csv",
        text(ragged).encode("ascii"),
        {
            "error": "Line 7 has 5 fields where the header has 3 (lines 7, 12). "
            "Choose Skip or Warn for bad lines."
        },
    )
    unclosed = [
        "id,quote,author",
        '1,"To be, or not to be",Shakespeare',
        '2,"Stay hungry,Jobs',
        "3,Simple,Anon",
        "4,Plain,Someone",
    ]
    made(
        "unclosed_quote.csv",
        text(unclosed).encode("ascii"),
        {"error": "The quoted field that starts on line 3 never closes"},
    )
    made("protected.xlsx", protected_workbook(), {"error": "password-protected"})
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    whole = workbook_bytes(book)
    made(
        "truncated.xlsx", whole[: len(whole) // 2], {"error": "The workbook is damaged"}
    )
    made(
        "broken.json",
        b'[\n  {"a": 1, "b": 2},\n  {"a": 3 "b": 4}\n]\n',
        {"error": "not valid JSON: expecting ',' delimiter at line 3, column 11"},
    )


def protected_workbook():
    """What Excel writes for a workbook with a password: an OLE compound file holding the
    streams EncryptionInfo and EncryptedPackage instead of a ZIP."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    )
    rng = random.Random(SEED + 6)
    package = struct.pack("<Q", 6000) + bytes(rng.randrange(256) for _ in range(6000))
    return compound_file([("EncryptionInfo", info), ("EncryptedPackage", package)])


def compound_file(streams):
    """A minimal version 3 compound file: a FAT sector, a directory sector, then each
    stream in whole 512-byte sectors (streams padded to 4096 bytes so none is a mini
    stream)."""
    sector = 512
    end_of_chain, free, fat_sector, no_stream = (
        0xFFFFFFFE,
        0xFFFFFFFF,
        0xFFFFFFFD,
        0xFFFFFFFF,
    )
    body, chains, next_sector = b"", [], 2
    for _, payload in streams:
        size = len(payload)
        payload = payload.ljust(max(4096, -(-size // sector) * sector), b"\0")
        count = len(payload) // sector
        chains.append((next_sector, count, size))
        body += payload
        next_sector += count
    fat = [fat_sector, end_of_chain]
    for start, count, _ in chains:
        fat += [start + i + 1 if i < count - 1 else end_of_chain for i in range(count)]
    fat += [free] * (128 - len(fat))

    def entry(name, kind, right, child, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1,
            no_stream,
            right,
            child,
            b"",
            0,
            0,
            0,
            start,
            size,
        )

    entries = [entry("Root Entry", 5, no_stream, 1, end_of_chain, 0)]
    for number, ((name, _), (start, _, size)) in enumerate(zip(streams, chains), 1):
        right = number + 1 if number < len(streams) else no_stream
        entries.append(entry(name, 2, right, no_stream, start, size))
    while len(entries) < 4:
        entries.append(entry("", 0, no_stream, no_stream, free, 0))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"",
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"",
        0,
        1,
        1,
        0,
        4096,
        end_of_chain,
        0,
        end_of_chain,
        0,
    )
    header += struct.pack("<109I", 0, *([free] * 108))
    return header + struct.pack("<128I", *fat) + b"".join(entries) + body


MAKERS = (
    sales_gbk,
    contacts_utf8_bom,
    unicode_text_utf16,
    kunden_cp1252,
    clients_latin1,
    taiwan_big5,
    tokyo_shift_jis,
    inventory_pipe,
    report_title_lines,
    sensor_comments,
    matrix_headerless,
    population_thousands,
    bilanz_european,
    survey_na,
    events_dates,
    flags_bool,
    orders_category,
    notes_multiline,
    single_quotes,
    backslash_escapes,
    crlf_windows,
    trailing_semicolons,
    two_sheets_workbook,
    offset_workbook,
    empty_first_sheet_workbook,
    workbook_named_csv,
    ods_budget,
    events_jsonl,
    products_records,
    prices_columns,
    stations_index,
    parquet_readings,
    parquet_magic,
    bad_files,
)


def main():
    for maker in MAKERS:
        maker()
    for name, (data, _) in FILES.items():
        assert len(data) < 50_000, name
        (HERE / name).write_bytes(data)
    expected = {name: fields for name, (_, fields) in sorted(FILES.items())}
    with open(HERE / "expected.json", "w", encoding="utf-8") as file:
        json.dump(expected, file, ensure_ascii=False, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
