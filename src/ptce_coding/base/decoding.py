"""The bytes of a text file as text: a byte-order mark, UTF-8, or the Western code page under
which the text reads most like French (transcripts and CSV tables alike)."""

from __future__ import annotations

from pathlib import Path

from ptce_coding.base.errors import CorpusError

WESTERN = ("cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Characters a French transcript holds beyond ASCII: what a right guess of its code page shows.
_FRENCH = set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”…–—€°\u00a0\u202f")
_LOWER = set("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ")
_MAX_LISTED = 5


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the encoding assumed: BOM, then UTF-8, then a Western code page.

    A file that is UTF-8 but for a few bytes is refused with those bytes' lines (reading it
    whole in another encoding would garble every accent). Otherwise the code page is the
    Western one under which the text reads most like French: accented small letters and
    French punctuation count for it; symbols, control characters and a capital accent inside
    a word (« dÈj‡ ») count against it. On a tie, the more common code page wins."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start})",
                    path=path,
                ) from None
    if b"\x00" in data[:4096]:
        raise CorpusError(
            "looks like a binary file, not a text transcript",
            path=path,
            hint="Save it as .txt (UTF-8), .docx or .odt.",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    _refuse_broken_utf8(data, path)
    best: tuple[int, int, str, str] | None = None
    for rank, encoding in enumerate(WESTERN):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        key = (_frenchness(text), -rank, encoding, text)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:  # latin_1 reads any byte: never reached
        raise CorpusError(
            "the text encoding could not be recognised",
            path=path,
            hint="Save the file as UTF-8 and import it again.",
        )
    return best[3], best[2]


def _frenchness(text: str) -> int:
    score = 0
    previous = ""
    for char in text:
        if ord(char) > 127:
            if char in _FRENCH and not (char.isupper() and previous in _LOWER):
                score += 1
            elif 0x80 <= ord(char) <= 0x9F:
                score -= 3  # a control character: certainly the wrong code page
            else:
                score -= 2
        previous = (
            char.lower()
            if char.isalpha() and not char.isupper()
            else (char if char.isalpha() else "")
        )
    return score


def _refuse_broken_utf8(data: bytes, path: Path) -> None:
    """A file whose non-ASCII text is mostly valid UTF-8 is UTF-8 with damaged bytes."""
    text = data.decode("utf-8", "surrogateescape")
    bad = [i for i, char in enumerate(text) if "\udc80" <= char <= "\udcff"]
    valid = sum(1 for char in text if ord(char) > 127) - len(bad)
    if not bad or valid * 10 < len(bad):
        return
    places: list[tuple[int, str]] = []
    for index in bad:
        line = text.count("\n", 0, index) + 1
        if places and places[-1][0] == line:
            continue
        begin = text.rfind("\n", 0, index) + 1
        around = text[max(begin, index - 20) : index + 20].split("\n", 1)[0]
        shown = around.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        places.append((line, shown))
    listed = "; ".join(f"line {line}: « {shown} »" for line, shown in places[:_MAX_LISTED])
    more = f"; … and {len(places) - _MAX_LISTED} more line(s)" if len(places) > _MAX_LISTED else ""
    raise CorpusError(
        f"the file is UTF-8 but {len(bad)} byte(s) are not valid UTF-8 (shown as \\xNN): "
        f"{listed}{more}; nothing was read, to keep every accent intact",
        path=path,
        line=places[0][0],
        hint="Open the file in a text editor, fix the characters shown and save it as UTF-8.",
    )
