"""Plays a CAT tool on plandoc's XLIFF with translate-toolkit (a real XLIFF 2 library).

usage: cat_tool.py IN.xlf OUT.xlf EXPECTED_UNITS [UNIT_ID NEW_TARGET]

Reads the file, checks that every unit has an ID and a source and that the target tags are
read as inline codes (not as text), optionally translates one unit anew (a unit without
codes), and saves the file as the tool would.
"""
import sys

from translate.storage import xliff2

src, dst, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, "rb") as f:
    store = xliff2.Xliff2File.parsefile(f)
units = [u for u in store.units if u.getid()]
assert len(units) == expected, f"{len(units)} units, expected {expected}"
assert len({u.getid() for u in units}) == expected, "unit IDs are not unique"
coded = 0
for u in units:
    assert u.source, f"unit {u.getid()} has no source"
    codes = [x for x in u.rich_source[0].sub if type(x).__name__ == "UnknownXML"]
    coded += bool(codes)
    # A code's markup is not part of the text a translator sees.
    assert "](target:" not in u.source, f"unit {u.getid()}: tag markup shows as text"
assert coded > 0, "no unit has inline codes"
if len(sys.argv) > 5:
    unit_id, new_target = sys.argv[4], sys.argv[5]
    (u,) = [u for u in units if u.getid() == unit_id]
    assert len(u.rich_source[0].sub) <= 1, f"unit {unit_id} has codes"
    u.target = new_target
    u.xmlelement.set("state", "final")
with open(dst, "wb") as f:
    store.serialize(f)
print(f"{len(units)} units, {coded} with inline codes")
