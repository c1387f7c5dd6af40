"""The plain-text table rl search prints."""

from readinglist.cli._terminal import Column, cells, format_table, mark

COLUMNS = [Column("id", align_right=True), Column("text", share=1)]


def test_short_rows_are_aligned_under_the_header():
    table = format_table(COLUMNS, [["7", "alpha"], ["123", "beta"]], width=40)
    assert table.splitlines() == [
        " id  text",
        "───  ─────",
        "  7  alpha",
        "123  beta",
    ]


def test_long_cells_wrap_within_the_width():
    text = "one two three four five six seven eight nine ten eleven twelve"
    lines = format_table(COLUMNS, [["1", text]], width=24).splitlines()
    assert all(len(line) <= 24 for line in lines)
    assert " ".join(line[4:].strip() for line in lines[2:]) == text


def test_a_highlight_cut_by_a_line_break_is_closed_and_reopened():
    text = "aaaa bbbb [cccc dddd] eeee"
    table = format_table(COLUMNS, [["1", text]], width=14, markers=("[", "]"))
    body = table.splitlines()[2:]
    assert all(line.count("[") == line.count("]") for line in body)
    coloured = mark(table, "[", "]", colour=True)
    assert "\x1b[1;33mcccc\x1b[0m" in coloured and "\x1b[1;33mdddd\x1b[0m" in coloured
    assert "[" not in mark(table, "[", "]", colour=False)


def test_markers_take_no_room_and_wide_characters_take_two():
    assert cells("中文") == 4
    table = format_table(COLUMNS, [["1", "[x]"]], width=40, markers=("[", "]"))
    assert table.splitlines()[1] == "──  ────"  # "text" is wider than the visible "x"
