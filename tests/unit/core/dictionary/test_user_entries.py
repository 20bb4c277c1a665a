"""The user's dictionary file: entries added and senses replaced in the look-up, and fed to the aligner."""

from __future__ import annotations

from pathlib import Path

from reader_app.core.aligner import lexicon
from reader_app.core.dictionary.entries import read_dictionary
from reader_app.core.dictionary.user import read_user_entries, user_dictionary_path

USER_FILE = (
    "# my words\n"
    "氣候危機 气候危机 [qi4 hou4 wei1 ji1] /climate crisis/\n"
    "長 长 [chang2] /long (my sense)/\n"
    "this line is not an entry\n"
)


def test_user_entries_add_and_replace(dictionary_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "user-dictionary.txt"
    path.write_text(USER_FILE, encoding="utf-8")
    user = read_user_entries(path)
    assert (len(user.entries), user.skipped) == (2, 1)
    dictionary = read_dictionary(dictionary_cache, user)
    assert [(e.pinyin, e.senses) for e in dictionary.entries("气候危机")] == [("qi4 hou4 wei1 ji1",
                                                                              ("climate crisis",))]
    # The user's 長 [chang2] replaces CC-CEDICT's; its 長 [zhang3] stays, after it.
    assert [(e.pinyin, e.senses[0]) for e in dictionary.entries("長")] == [("chang2", "long (my sense)"),
                                                                          ("zhang3", "chief")]
    assert dictionary.longest_at("应对气候危机", 2) == "气候危机"


def test_no_file_no_entries(tmp_path: Path) -> None:
    assert read_user_entries(tmp_path / "missing.txt").entries == ()


def test_the_aligner_lexicon_takes_user_entries(tmp_path: Path) -> None:
    user_dictionary_path().write_text("栗子樹 栗子树 [li4 zi5 shu4] /chestnut tree/\n", encoding="utf-8")
    path = lexicon.lexicon_cache_path()
    assert path.name.startswith(f"cedict-v{lexicon.CACHE_VERSION}-user-")
    target = tmp_path / "lexicon.npz"
    lexicon.build_lexicon_cache(target, user=read_user_entries().entries)
    own = lexicon.load_lexicon(target)
    assert own.translations("栗子樹")[:2] == ["chestnu", "tree"]
