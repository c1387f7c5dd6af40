"""Reading a README's reading list in the shapes people keep: the entries, their groups,
status, ids and notes, and what is skipped and why. The fixtures in fixtures/readmes/ are
written for these tests in the shapes of real reading lists (none is copied from one)."""

from pathlib import Path

import pytest

from readinglist.errors import InvalidInput
from readinglist.readme import read_readme, slugify

READMES = Path(__file__).parent / "fixtures" / "readmes"


def read(name: str):
    return read_readme((READMES / name).read_text(encoding="utf-8"))


def titles(reading) -> list[str]:
    return [r.title for r in reading.rows]


def groups(reading) -> list[tuple[str, int]]:
    return [(s.heading, len(s.rows)) for s in reading.sections]


def reasons(reading) -> dict[str, str]:
    return {s.text: s.reason for s in reading.skipped}


def test_bullets_under_status_sections():
    reading = read("status-sections.md")
    assert groups(reading) == [("Read", 3), ("Reading", 1), ("Want to Read", 3)]
    assert [r.status for r in reading.rows] == ["read"] * 3 + ["reading"] + ["to-read"] * 3
    first = reading.rows[0]
    assert first.title == "Attention Is All You Need"
    assert (first.arxiv_id, first.authors, first.venue, first.year) == (
        "1706.03762",
        ["Ashish Vaswani"],
        "NIPS",
        2017,
    )
    # The label is the entry's line as written; its <details> is its note, links and all.
    assert first.label == (
        "[Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) by Ashish Vaswani "
        "et. al - NIPS 2017 - [NLP]"
    )
    assert first.note is not None and "<details>" not in first.note
    assert "[the recurrent baseline](https://arxiv.org/abs/1409.3215)" in first.note
    # A <details> never closed holds only its own item: the sections after it are read.
    assert reading.rows[1].note == "A notes block that is never closed, as happens."
    assert "Proximal Policy Optimization Algorithms" in titles(reading)


def test_links_are_data():
    rows = {r.title: r for r in read("status-sections.md").rows}
    assert rows["Memory Networks"].arxiv_id == "1410.3916v11"  # an http abs link, versioned
    bleu = rows["BLEU: a Method for Automatic Evaluation of Machine Translation"]
    assert (bleu.arxiv_id, bleu.ids) == (None, {"acl": "P02-1040"})
    assert bleu.url == "https://aclanthology.org/P02-1040.pdf"
    stable = rows["Stable Adversarial Training with Gradient Penalties on Mixed Samples"]
    assert stable.ids == {"openreview": "Sk7mQ2xRb"}
    assert stable.url == "https://openreview.net/pdf?id=Sk7mQ2xRb"
    lstm = rows["LONG SHORT-TERM MEMORY"]
    assert (lstm.url, lstm.arxiv_id, lstm.doi) == (
        "http://www.example.org/publications/lstm.pdf",
        None,
        None,
    )
    dois = {r.title: r.doi for r in read("linked-lines.md").rows if r.doi}
    assert dois == {
        "Hybrid computing using a neural network with dynamic external memory": (
            "10.1038/nature20101"
        )
    }


def test_linked_titles_on_lines_of_their_own():
    reading = read("linked-lines.md")
    assert groups(reading) == [("Dialogue", 3), ("Memory", 3), ("Some Blogs", 1)]
    assert titles(reading) == [
        "A Neural Conversational Model",
        "A Persona-Based Neural Conversation Model",
        "Personalizing Dialogue Agents: I have a dog, do you have pets too?",
        "A Persona-Based Neural Conversation Model",  # listed in two groups
        "End-To-End Memory Networks",
        "Hybrid computing using a neural network with dynamic external memory",
        "Language Models are Few-Shot Learners",  # a paper among blogs: it has an arXiv id
    ]
    # The list right under a title is its note; a sentence that wraps onto a line starting
    # with a link is no entry.
    assert reading.rows[1].note == (
        "- Speaker embeddings.\n- [Code is here.](https://github.com/someone/persona)"
    )
    assert reasons(reading) == {
        "Dialogue": "in the section 'Table of Contents'",
        "Memory": "in the section 'Table of Contents'",
        "Blogs": "in the section 'Table of Contents'",
        "Chatbot tricks": "a blog post",
        "Understanding LSTM Networks": "a blog post",
        "A page of links": "a web page, not a paper",
    }


def test_numbered_citations_and_bold_titles():
    reading = read("numbered-citations.md")
    assert groups(reading) == [("1.1 Survey", 1), ("2.1 Models", 3), ("Reasoning", 3)]
    rows = reading.rows
    assert titles(reading) == [
        "Deep learning",
        "Dropout: a simple way to prevent neural networks from overfitting",
        "Net2net: Accelerating learning via knowledge transfer",  # quoted, not bold
        "Feature Pyramid Networks for Object Detection",  # wraps
        "End-to-End Differentiable Proving",
        "Harnessing Deep Neural Networks with Logic Rules",
        "Link Prediction Based on Graph Neural Networks",  # the line itself
    ]
    assert (rows[0].authors, rows[0].venue, rows[0].year) == (
        ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"],
        "Nature 521.7553",
        2015,
    )
    assert rows[1].authors == ["Nitish Srivastava"]
    assert rows[2].arxiv_id == "1511.05641"  # cited in the text; the link is elsewhere
    assert (rows[5].venue, rows[5].year) == ("ACL", 2016)
    assert rows[5].note == "*Zhiting Hu, Xuezhe Ma, Zhengzhong Liu*"
    assert rows[6].note == "Learns heuristics from subgraphs."
    skipped = reasons(reading)
    assert skipped["From outline to detail"].startswith("a line without a link")
    assert skipped["Bridging Machine Learning and Logical Reasoning Youtube"] == "a video"
    assert skipped["Youtube playlist"] == "a video"
    book = next(text for text in skipped if "Deep learning." in text and "MIT Press" in text)
    assert skipped[book] == "in the section '1.0 Book' and carries no paper id"
    blog = next(text for text in skipped if "Inceptionism" in text)
    assert skipped[blog] == "a blog post"
    # Quoted text (> ...) and "#2 Not a heading" (no space: not a heading) hold no entry.
    assert not [s for s in reading.sections if "2 Not" in s.heading]


def test_tables_with_columns_found_by_their_headers():
    reading = read("tables.md")
    assert groups(reading) == [("Grounded Language", 2), ("General Resources", 1)]
    symbol, robots, overview = reading.rows
    assert (symbol.title, symbol.year, symbol.authors, symbol.status) == (
        "The Symbol Grounding Problem",
        1990,
        ["Stevan Harnad"],
        "read",
    )
    assert symbol.label == "The Symbol Grounding Problem"
    # ✅ marks the read ones: 🔜, or nothing beside a ✅ column, is to read.
    assert (robots.status, robots.ids, robots.year) == ("to-read", {"acl": "W19-1603"}, 2019)
    # ⭐ says nothing about reading: it is kept as a note; M.Year gives the year.
    assert (overview.status, overview.year, overview.arxiv_id) == (None, 2018, "1701.07274")
    assert overview.note == "[Comments]: ⭐"
    assert reasons(reading) == {
        "Embodied Agents": "a link within the page",
        "Decision Making": "a link within the page",
        "The Chinese Room Argument": "an encyclopedia entry",
        "Spinning Up in Deep RL": "a course or documentation page",
        "CS234: Reinforcement Learning": "a video",
    }


def test_headers_in_other_languages_and_a_table_of_videos():
    reading = read("other-languages.md")
    assert groups(reading) == [("计算机视觉 - CNN", 2), ("自然语言处理", 2), ("論文リスト", 1)]
    rows = {r.title: r for r in reading.rows}
    assert (rows["AlexNet"].status, rows["AlexNet"].year) == ("read", 2012)
    assert rows["AlexNet"].note == "简介: 深度学习热潮的奠基作"  # the citation badge is no note
    assert (rows["ResNet"].status, rows["ResNet"].arxiv_id) == ("to-read", "1512.03385")
    seq2seq = rows["Sequence to Sequence Learning with Neural Networks"]
    assert (seq2seq.authors, seq2seq.year) == (["Ilya Sutskever"], 2014)
    [videos] = reading.skipped
    assert videos.reason == "a table of videos (2 rows)"


def test_checkbox_lists():
    reading = read("checkboxes.md")
    assert [(r.title, r.status) for r in reading.rows] == [
        ("Neural Style Transfer: A Review", "read"),
        ("Perceptual Losses for Real-Time Style Transfer and Super-Resolution", "to-read"),
        ("Fast Patch-based Style Transfer of Arbitrary Style", "to-read"),
        ("WaveNet: A Generative Model for Raw Audio", "read"),
        ("Texture fields: Learning stationary patterns from a single exemplar", "to-read"),
        ("WaveNet: A Generative Model for Raw Audio", "read"),
    ]
    rows = reading.rows
    # The box is status, not label; notes in tab-indented sub-items belong to the item.
    assert rows[1].label == (
        "[Perceptual Losses for Real-Time Style Transfer and Super-Resolution]"
        "(https://arxiv.org/abs/1603.08155)"
    )
    assert rows[0].note == (
        "* Surveys the works up to 2016.\n* See [the follow-up](https://arxiv.org/abs/1705.04058)."
    )
    assert rows[0].arxiv_id is None  # the follow-up in the note is another paper
    # An empty link target, a venue inside the link text, a whole citation as link text.
    assert (rows[2].url, rows[2].year) == (None, 2016)
    assert (rows[4].authors[:2], rows[4].venue, rows[4].year) == (
        ["T. Novak", "M. Ferreira"],
        "ICML",
        2016,
    )
    assert reasons(reading) == {
        "[ ] Voice cloning samples": "a web page, not a paper",
        "[ ] Github:Deep-Expression": "code",
        "[ ] Audio texture synthesis and style transfer(Blog)": "a blog post",
    }


def test_a_profile_readme_with_badges_html_and_comments():
    reading = read("profile-badges.md")
    assert groups(reading) == [("My Diet 🍔", 2)]
    prover, survey = reading.rows
    # Citations a bot writes: the title between the year and the next full stop, the id
    # from the bare DOI (an arXiv DOI names the arXiv paper).
    assert prover.title == (
        "DeepSeek-Prover-V1.5: Harnessing Proof Assistant Feedback for Reinforcement Learning "
        "and Monte-Carlo Tree Search"
    )
    assert (prover.arxiv_id, prover.year, prover.authors[0]) == ("2408.08152", 2024, "H. Xin")
    assert (survey.doi, survey.arxiv_id) == ("10.1162/coli_a_00524", None)
    # Badges, the stats card, the HTML list and table, the commented-out template: nothing;
    # the "I'm working on" bullets are said to be no entries.
    assert (
        sorted(reasons(reading).values())
        == ["a line without a link or a citation, not under a reading-list heading"] * 2
    )


def test_month_groups_and_what_a_reading_log_links_besides_papers():
    reading = read("monthly.md")
    assert groups(reading) == [
        ("2019-05", 2), ("2019-04", 2), ("2020 - January", 1), ("Detection", 2)
    ]  # fmt: skip
    rows = reading.rows
    assert (rows[1].title, rows[1].venue, rows[1].year) == ("Objects as Points", "arXiv", 2019)
    assert rows[3].title == (
        "A Simple Baseline and Evaluation Protocol for Lane Marking Detection in Rain"
    )
    assert (rows[2].venue, rows[2].year) == ("CVPR", 2018)  # from <kbd>CVPR 2018</kbd>
    assert [r.status for r in rows[-2:]] == ["to-read", "to-read"]  # under "Papers to Read"
    assert reasons(reading) == {
        "Notes on Random Walks over Graphs": "a file of the repository",
        "3D Deep Learning Tutorial at CVPR 2017 [Notes]": "a video",
        "Sensor Fusion 无人驾驶中的数据融合 (from 知乎)": "a blog post",
    }


def test_headings_that_link_a_paper_are_entries():
    reading = read("headings.md")
    assert groups(reading) == [("LLM", 2)]
    toolchain, opt = reading.rows
    assert toolchain.title == (
        "ToolChain*: Efficient Action Space Navigation in Large Language Models with A* Search"
    )
    assert (toolchain.year, toolchain.arxiv_id) == (2024, "2310.13227")
    assert toolchain.note == "* LLM 的 A*: 维护一个搜索树\n* [想法] 开销大约是原始模型的 10 倍"
    assert opt.arxiv_id == "2205.01068"  # a link with a tracking query


def test_a_readme_with_nothing_recognisable_says_what_was_looked_for():
    with pytest.raises(InvalidInput) as e:
        read("nothing.md")
    message = e.value.message
    assert message.startswith("no reading list found. Looked for: a one-column table")
    for shape in ("a table with a title column", "checkbox lists", "headings that link a paper"):
        assert shape in message


def test_the_users_table_is_read_as_before():
    profile = (Path(__file__).parent / "fixtures" / "profile-README.md").read_text("utf-8")
    reading = read_readme(profile)
    assert groups(reading) == [
        ("Survey", 4), ("Dialogue system", 11), ("LLMs", 4), ("Reinforcement learning", 1),
        ("other", 5),
    ]  # fmt: skip
    # "## Have read:" above the table: every row is read. The quoted lists are no entries.
    assert {r.status for r in reading.rows} == {"read"}
    assert reading.skipped == []
    assert [r.label for r in reading.rows if r.is_note] == [
        r"(2018b) \[Note\] Personalizing Dialogue Agents I have a dog, do you have pets too"
    ]


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Reinforcement learning", "reinforcement-learning"),
        ("计算机视觉 - CNN", "计算机视觉-cnn"),
        ("論文リスト", "論文リスト"),
        ("My Diet 🍔", "my-diet"),
        ("🍔", "category"),
    ],
)
def test_slugs_stay_readable(heading, slug):
    assert slugify(heading) == slug


# -- entries without links: emphasised titles, details on the line or below it, ids ------------


def test_an_item_that_starts_with_a_bold_or_italic_title_is_an_entry():
    reading = read("emphasised-titles.md")
    optimisation = next(s for s in reading.sections if s.heading == "Optimisation")
    assert [r.title for r in optimisation.rows][:3] == [
        "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
        "Batch Normalization: Accelerating Deep Network Training by Reducing Internal "
        "Covariate Shift",
        "Auto-Encoding Variational Bayes",  # in _underscores_
    ]
    # Under a reading-list heading too, the bold item is the paper and its sub-items its
    # details: no group named after it, no paper named "Ilya Sutskever, ...".
    papers = next(s for s in reading.sections if s.heading == "Papers")
    assert [r.title for r in papers.rows][:2] == [
        "Sequence to Sequence Learning with Neural Networks",
        "Neural Machine Translation by Jointly Learning to Align and Translate",
    ]
    assert papers.rows[0].note == (
        "- Ilya Sutskever, Oriol Vinyals, Quoc V. Le\n- NIPS 2014\n"
        "- Two LSTMs; feeding the source backwards helped a lot."
    )
    assert not any("Sutskever" in r.title or "NIPS" in r.title for r in reading.rows)
    # A bold topic over linked papers stays their group; "**Adam**: ..." is a definition.
    assert ("Convolutional networks", 2) in groups(reading)
    assert reasons(reading)["Adam: still what I reach for first."].startswith(
        "a line without a link"
    )


def test_authors_venue_and_year_come_from_the_line_and_from_sub_items():
    rows = {r.title: r for r in read("emphasised-titles.md").rows}
    facts = {
        title: (rows[title].authors, rows[title].venue, rows[title].year)
        for title in (
            "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
            "Auto-Encoding Variational Bayes",
            "Layer Normalization",
            "Batch Normalization: Accelerating Deep Network Training by Reducing Internal "
            "Covariate Shift",
            "Neural Machine Translation by Jointly Learning to Align and Translate",
        )
    }
    assert list(facts.values()) == [
        (["Srivastava"], "JMLR", 2014),  # "*Title*, Srivastava et al., JMLR 2014"
        (["Kingma", "Welling"], "ICLR", 2014),  # "_Title_ - Kingma, Welling - ICLR 2014"
        (["Jimmy Lei Ba", "Jamie Ryan Kiros", "Geoffrey E. Hinton"], "arXiv", 2016),
        (["Sergey Ioffe", "Christian Szegedy"], "ICML", 2015),
        (["Bahdanau", "Cho", "Bengio"], "ICLR", 2015),
    ]
    # The sub-items stay the paper's note as well.
    assert rows["Layer Normalization"].note == (
        "- Jimmy Lei Ba, Jamie Ryan Kiros, Geoffrey E. Hinton\n- arXiv 2016"
    )


def test_a_note_below_an_entry_gives_no_details():
    reading = read_readme(
        "## Read\n- [Neural Style Transfer: A Review](https://example.org/review.pdf)\n"
        "  - Surveys the works up to 2016.\n  - Best Paper, Highly Recommended\n"
        "  - See [the follow-up](https://arxiv.org/abs/1705.04058).\n"
    )
    [row] = reading.rows
    assert (row.authors, row.venue, row.year, row.arxiv_id) == ([], None, None, None)


def test_an_id_after_a_title_is_data_not_title():
    reading = read_readme(
        "## Papers\n- Attention Is All You Need. arXiv:1706.03762\n"
        "- Deep Residual Learning for Image Recognition https://arxiv.org/abs/1512.03385\n"
        "- Hybrid computing using a neural network with dynamic external memory "
        "(doi:10.1038/nature20101)\n"
    )
    assert [(r.title, r.arxiv_id, r.doi) for r in reading.rows] == [
        ("Attention Is All You Need", "1706.03762", None),
        ("Deep Residual Learning for Image Recognition", "1512.03385", None),
        ("Hybrid computing using a neural network with dynamic external memory", None,
         "10.1038/nature20101"),
    ]  # fmt: skip
    # Outside a reading-list heading the id says it is a paper, as a link would.
    [row] = read_readme("## Optimisation\n- Decoupled Weight Decay Regularization. "
                        "arXiv:1711.05101\n").rows  # fmt: skip
    assert (row.title, row.arxiv_id) == ("Decoupled Weight Decay Regularization", "1711.05101")


def test_a_bare_arxiv_link_is_an_entry_under_a_reading_heading_or_among_papers():
    # Its title is the id until --resolve looks the paper up by it; the label is the line
    # as written, which resolving replaces with the paper's title.
    reading = read("emphasised-titles.md")
    bare = [(r.title, r.arxiv_id, r.label) for r in reading.rows if r.title.startswith("arXiv:")]
    assert bare == [
        ("arXiv:1706.03762", "1706.03762", "https://arxiv.org/abs/1706.03762"),  # ## Papers
        ("arXiv:1511.06434", "1511.06434", "https://arxiv.org/abs/1511.06434"),  # beside a paper
        ("arXiv:1506.02142", "1506.02142", "https://arxiv.org/abs/1506.02142"),  # ## Reading
    ]
    # Alone in a list under "Thoughts", a link says nothing of being read: skipped, said.
    assert reasons(reading)["https://arxiv.org/abs/1409.0473"] == (
        "a link without a title, not under a reading-list heading or among papers"
    )


def test_a_paper_linked_inside_a_sentence_is_said_to_be_skipped_or_imported_when_read():
    reading = read("emphasised-titles.md")
    assert reasons(reading)["Rethinking the Inception Architecture for Computer Vision"] == (
        "a paper linked inside a sentence, not under a reading-list heading"
    )
    [stochastic] = [r for r in reading.rows if r.title == "Deep Networks with Stochastic Depth"]
    assert (stochastic.status, stochastic.arxiv_id) == ("reading", "1603.09382")
    assert stochastic.label == (
        "[Deep Networks with Stochastic Depth](https://arxiv.org/abs/1603.09382)"
    )
    assert stochastic.note == (
        "Lately: [Deep Networks with Stochastic Depth](https://arxiv.org/abs/1603.09382), "
        "which drops whole layers."
    )


@pytest.mark.parametrize("header", ["Read", "✅"])
def test_a_status_column_left_blank_gives_no_status_and_blanks_beside_read_rows_are_to_read(
    header,
):
    reading = read_readme(
        f"## Vision\n\n| {header} | Paper |\n| --- | --- |\n"
        "| ✅ | [Deep Residual Learning](https://arxiv.org/abs/1512.03385) |\n"
        "|  | [Densely Connected Convolutional Networks](https://arxiv.org/abs/1608.06993) |\n\n"
        f"## Language\n\n| {header} | Paper |\n| --- | --- |\n"
        "|  | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) |\n"
        "|  | [Layer Normalization](https://arxiv.org/abs/1607.06450) |\n"
    )
    # None: the import gives these rows its --status.
    assert [r.status for r in reading.rows] == ["read", "to-read", None, None]


def test_a_table_with_authors_and_venue_columns_lists_papers_under_any_heading():
    # rl's own table template under the user's category "Tools", read back; a table of
    # books beside it, without a venue, keeps only what carries a paper's id.
    reading = read_readme(
        "## Tools\n\n| Title | Authors | Venue | Year | Status |\n|:--|:--|:--|:-:|:-:|\n"
        "| Toolformer: Language Models Can Teach Themselves to Use Tools | Timo Schick | "
        "NeurIPS | 2023 | ✅ |\n\n"
        "## Books\n\n| Title | Authors | Year |\n| --- | --- | --- |\n"
        "| Pattern Recognition and Machine Learning | Christopher Bishop | 2006 |\n"
    )
    assert titles(reading) == ["Toolformer: Language Models Can Teach Themselves to Use Tools"]
    assert reasons(reading)["Pattern Recognition and Machine Learning"] == (
        "in the section 'Books' and carries no paper id"
    )
