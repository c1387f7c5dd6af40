def test_add_then_list(rl):
    r = rl("add", "Attention Is All You Need", "--cat", "other", "--offline")
    assert r.exit_code == 0, r.stderr
    r = rl("list", "--json")
    assert [p["title"] for p in r.json()] == ["Attention Is All You Need"]
