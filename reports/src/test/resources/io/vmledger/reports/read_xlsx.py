"""Independent reader of the reports in tests: openpyxl (Debian's python3-openpyxl) dumps every sheet
of an XLSX file as JSON, each cell with the type openpyxl sees (s text, n number, b boolean, d date,
f formula), its value, and whether it has the quote-prefix style; plus each sheet's frozen pane,
autofilter range and column widths."""
import datetime
import json
import sys

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        return None
    out = {"t": c.data_type, "v": v, "q": bool(getattr(c, "quotePrefix", False)), "fmt": c.number_format}
    if isinstance(v, bool):
        out["t"] = "b"
    elif isinstance(v, (int, float)):
        out["t"] = "n"
    elif isinstance(v, (datetime.datetime, datetime.date)):
        out["t"] = "d"
        out["v"] = v.isoformat()
    return out


def dimensions(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    json.dump({"sheets": [{"title": ws.title, "rows": sum(1 for _ in ws.iter_rows(values_only=True))}
                          for ws in wb.worksheets]}, sys.stdout)


def main(path):
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        sheets.append({
            "title": ws.title,
            "freeze": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
            "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
        })
    json.dump({"sheets": sheets}, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "--rows":
        dimensions(sys.argv[1])
    else:
        main(sys.argv[1])
