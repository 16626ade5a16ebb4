"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI-Windows): detection, conversion to Unicode."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "TCVN3",
    "TCVN3_TO_UNICODE",
    "VNI",
    "VNI_TO_UNICODE",
    "detect_legacy",
    "fix_legacy",
    "font_scheme",
    "to_unicode",
]

TCVN3 = "TCVN3"
VNI = "VNI"

# Tone marks, in the order of the table rows below: huyền, hỏi, ngã, sắc, nặng.
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TONES = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _toned(base: str) -> tuple[str, ...]:
    """The base vowel without a tone, then with each tone of _TONES, all NFC."""
    return (base, *(_nfc(base + tone) for tone in _TONES))


# ---------------------------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts .VnTime, .VnArial ...): one byte per letter. Excel
# shows each byte as the Latin-1 character with the same number (0xB8 → "¸"). Each row lists the
# codes of a vowel without a tone, then huyền, hỏi, ngã, sắc, nặng. Only the lower case letters
# with a tone exist; the caps fonts (.VnTimeH ...) draw these codes as capitals.
_TCVN3_ROWS: tuple[tuple[str, str], ...] = (
    ("a", "aµ¶·¸¹"),  # 0xB5-0xB9
    ("ă", "¨»¼½¾Æ"),  # 0xA8, 0xBB-0xBE, 0xC6
    ("â", "©ÇÈÉÊË"),  # 0xA9, 0xC7-0xCB
    ("e", "eÌÎÏÐÑ"),  # 0xCC, 0xCE-0xD1
    ("ê", "ªÒÓÔÕÖ"),  # 0xAA, 0xD2-0xD6
    ("i", "i×ØÜÝÞ"),  # 0xD7, 0xD8, 0xDC-0xDE
    ("o", "oßáâãä"),  # 0xDF, 0xE1-0xE4
    ("ô", "«åæçèé"),  # 0xAB, 0xE5-0xE9
    ("ơ", "¬êëìíî"),  # 0xAC, 0xEA-0xEE
    ("u", "uïñòóô"),  # 0xEF, 0xF1-0xF4
    ("ư", "\u00adõö÷øù"),  # 0xAD (soft hyphen), 0xF5-0xF9
    ("y", "yúûüýþ"),  # 0xFA-0xFE
)
# Letters without a tone that have their own code: đ and the seven upper case letters.
_TCVN3_LOWER_BASES = {"¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\u00ad": "ư", "®": "đ"}
_TCVN3_UPPER_BASES = {"¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ"}


def _build_tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, codes in _TCVN3_ROWS:
        for code, letter in zip(codes, _toned(base), strict=True):
            if not code.isascii():  # ý (0xFD) is its own code and stays in the table
                table[code] = letter
    table.update(_TCVN3_LOWER_BASES)
    table.update(_TCVN3_UPPER_BASES)
    return table


TCVN3_TO_UNICODE: Mapping[str, str] = MappingProxyType(_build_tcvn3())
"""TCVN3 character (as read from Excel) → Unicode NFC letter; 74 entries, ASCII left out."""

# Codes of letters that carry a tone: drawn lower case in .VnTime, upper case in .VnTimeH.
_TCVN3_TONED = frozenset(TCVN3_TO_UNICODE) - set(_TCVN3_LOWER_BASES) - set(_TCVN3_UPPER_BASES)

# ---------------------------------------------------------------------------------------------
# VNI-Windows (VNI-Times, VNI-Helve ...): a base letter followed by one mark character; i with a
# tone, ỵ, đ, ơ and ư are single characters. Marks of the plain vowels: ø huyền, û hỏi, õ ngã,
# ù sắc, ï nặng; â, ê, ô: â then à å ã á ä; ă: ê then è ú ü é ë. Upper case uses the upper case
# of every character ("AÙ" = "Á", "Ñ" = "Đ").
_VNI_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("a", ("a", "aø", "aû", "aõ", "aù", "aï")),
    ("ă", ("aê", "aè", "aú", "aü", "aé", "aë")),
    ("â", ("aâ", "aà", "aå", "aã", "aá", "aä")),
    ("e", ("e", "eø", "eû", "eõ", "eù", "eï")),
    ("ê", ("eâ", "eà", "eå", "eã", "eá", "eä")),
    ("i", ("i", "ì", "æ", "ó", "í", "ò")),
    ("o", ("o", "oø", "oû", "oõ", "où", "oï")),
    ("ô", ("oâ", "oà", "oå", "oã", "oá", "oä")),
    ("ơ", ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï")),
    ("u", ("u", "uø", "uû", "uõ", "uù", "uï")),
    ("ư", ("ö", "öø", "öû", "öõ", "öù", "öï")),
    ("y", ("y", "yø", "yû", "yõ", "yù", "î")),
)


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ"}
    for base, sequences in _VNI_ROWS:
        for sequence, letter in zip(sequences, _toned(base), strict=True):
            if not sequence.isascii():
                table[sequence] = letter
                table[sequence.upper()] = letter.upper()
    return table


VNI_TO_UNICODE: Mapping[str, str] = MappingProxyType(_build_vni())
"""VNI sequence (one or two characters) → Unicode NFC letter; 134 entries, ASCII left out."""

# Decoding: (base, lower case mark) → letter, so "Aù" and "AÙ" both give "Á"; single characters.
_VNI_PAIRS: dict[tuple[str, str], str] = {
    (seq[0], seq[1].lower()): letter for seq, letter in VNI_TO_UNICODE.items() if len(seq) == 2
}
_VNI_SINGLE: dict[str, str] = {
    seq: letter for seq, letter in VNI_TO_UNICODE.items() if len(seq) == 1 and seq != letter
}

# ---------------------------------------------------------------------------------------------
# Unicode Vietnamese letters outside Latin-1 (ă, đ, ơ, ư, ạ ... ỹ) and the combining marks of
# NFD text never occur in text typed in a legacy font, which only uses U+0000-U+00FF.
_VIETNAMESE_LETTERS = frozenset(
    letter
    for base, _codes in _TCVN3_ROWS
    for toned in _toned(base)
    for letter in (toned, toned.upper())
) | {"đ", "Đ"}
_UNICODE_ONLY = frozenset(ch for ch in _VIETNAMESE_LETTERS if ord(ch) > 0xFF)


def _has_unicode_vietnamese(text: str) -> bool:
    return any(ch in _UNICODE_ONLY or "\u0300" <= ch <= "\u036f" for ch in text)


# ---------------------------------------------------------------------------------------------
# A small checker of Vietnamese syllables (initial consonant, vowel group, final consonant, one
# tone on the right vowel) used to score the readings of a word. It follows the spelling rules
# that matter here: k/gh/ngh only before i, y, e, ê; c never before them; "qu" before a vowel;
# the stop finals c, ch, p, t only with sắc or nặng; the tone on the vowel where either the old
# ("hòa", "thủy") or the new ("hoà", "thuỷ") placement puts it.
_INITIALS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
_FINALS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
_STOP_FINALS = frozenset({"c", "ch", "p", "t"})
# Vowel groups that end a syllable (including those closed by the semivowels i, y, o, u).
_OPEN_RIMES = _words(
    "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uơ uy ưa ưi "
    "ưu iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyu"
)
# Vowel groups that take a final consonant; the tone goes on their last vowel.
_CLOSED_RIMES = _words("a ă â e ê i o ô ơ u ư oa oă oe oo uâ uê uô uy iê yê ươ uyê")
_FRONT_VOWELS = ("i", "y", "e", "ê")


def _tone_ok(rime: str, closed: bool, position: int) -> bool:
    """Whether the tone may sit on rime[position] (position -1: no tone)."""
    if position < 0:
        return True
    if closed or len(rime) == 1:
        return position == len(rime) - 1
    if rime in ("oa", "oe", "uy"):
        return position in (0, 1)
    if rime in ("uê", "uơ"):
        return position == 1
    return position == (0 if len(rime) == 2 else 1)


# "nh" and "ch" only close a, ê, i (anh, ênh, inh, oanh, uênh, uynh); "ng" and "c" never close ê,
# i, uê, uy (those take nh, ch). "oo" is rare (xoong, goòng, moóc): no hỏi, ngã or nặng.
_NH_CH_RIMES = frozenset({"a", "ê", "i", "oa", "uê", "uy"})
_NO_NG_C_RIMES = frozenset({"ê", "i", "uê", "uy"})


def _rime_ok(rime: str, final: str, tone: str, position: int, spelled: str) -> bool:
    """rime: the vowels (after "qu", without its u); spelled: the vowels as listed in the tables."""
    if final:
        if spelled not in _CLOSED_RIMES:
            return False
        if final in _STOP_FINALS and tone not in (_ACUTE, _DOT):
            return False
        if final in ("nh", "ch") and spelled not in _NH_CH_RIMES:
            return False
        if final in ("ng", "c") and spelled in _NO_NG_C_RIMES:
            return False
        if spelled == "oo" and tone not in ("", _GRAVE, _ACUTE):
            return False
    elif spelled not in _OPEN_RIMES:
        return False
    return _tone_ok(rime, bool(final), position)


def _is_syllable(word: str) -> bool:
    """Whether word (any case) is spelled like one Vietnamese syllable."""
    bare: list[str] = []
    tone, tone_at = "", -1
    for index, ch in enumerate(_nfc(word.lower())):
        parts = unicodedata.normalize("NFD", ch)
        for mark in parts:
            if mark in _TONES:
                if tone:
                    return False
                tone, tone_at = mark, index
        letter = _nfc("".join(mark for mark in parts if mark not in _TONES))
        if len(letter) != 1:
            return False
        bare.append(letter)
    text = "".join(bare)
    for initial in _INITIALS:
        if not text.startswith(initial):
            continue
        start = len(initial)
        if initial == "q":  # "qu" + vowel: the u belongs to the initial
            if not text.startswith("u", start):
                continue
            start += 1
        front = text.startswith(_FRONT_VOWELS, start)
        if (initial == "k" and not front) or (initial == "c" and front):
            continue
        if initial in ("gh", "ngh") and not text.startswith(("i", "e", "ê"), start):
            continue
        rest = text[start:]
        for final in _FINALS:
            if not rest.endswith(final) or len(rest) == len(final):
                continue
            rime = rest[: len(rest) - len(final)]
            position = tone_at - start if tone else -1
            if tone and not 0 <= position < len(rime):
                continue
            # After "qu" the rime is checked without the u, but "quýt", "quỳnh" spell uy + final.
            spelled = "u" + rime if initial == "q" and final and rime == "y" else rime
            if _rime_ok(rime, final, tone, position, spelled):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Conversion.
_TCVN3_WORD = re.compile("[A-Za-z" + re.escape("".join(sorted(TCVN3_TO_UNICODE))) + "]+")


def _case_counts(text: str) -> tuple[int, int]:
    """Letters of a TCVN3 text whose case is known: (upper, lower); toned codes are neither."""
    upper = lower = 0
    for ch in text:
        if ch in _TCVN3_UPPER_BASES or "A" <= ch <= "Z":
            upper += 1
        elif ch in _TCVN3_LOWER_BASES or "a" <= ch <= "z":
            lower += 1
    return upper, lower


def _tcvn3_chars(text: str, upper_toned: bool) -> str:
    out: list[str] = []
    for ch in text:
        letter = TCVN3_TO_UNICODE.get(ch)
        if letter is None:
            out.append(ch)
        elif upper_toned and ch in _TCVN3_TONED:
            out.append(letter.upper())
        else:
            out.append(letter)
    return "".join(out)


def _tcvn3_word(match: re.Match[str]) -> str:
    word = match.group()
    upper, lower = _case_counts(word)
    # "HUYÖN", "ñY" are capitals; "Hµ" stays "Hà" (one capital at the start of the word).
    first_is_upper = _case_counts(word[0])[0] == 1
    caps = lower == 0 and (upper >= 2 or (upper == 1 and not first_is_upper))
    return _tcvn3_chars(word, caps)


def _tcvn3_decode(text: str, caps: bool) -> str:
    if caps:
        return _tcvn3_chars(text, True).upper()
    upper, lower = _case_counts(text)
    if upper >= 2 and lower == 0:
        return _tcvn3_chars(text, True)
    return _TCVN3_WORD.sub(_tcvn3_word, text)


def _vni_decode(text: str) -> str:
    out: list[str] = []
    i, size = 0, len(text)
    while i < size:
        ch = text[i]
        if i + 1 < size:
            letter = _VNI_PAIRS.get((ch, text[i + 1].lower()))
            if letter is not None:
                out.append(letter if ch.islower() else letter.upper())
                i += 2
                continue
        out.append(_VNI_SINGLE.get(ch, ch))
        i += 1
    return "".join(out)


def _canonical_scheme(scheme: str) -> str:
    key = scheme.strip().upper().replace("-", "").replace(" ", "").replace("_", "")
    if key in ("TCVN3", "TCVN", "ABC", "TCVN5712"):
        return TCVN3
    if key in ("VNI", "VNIWIN", "VNIWINDOWS"):
        return VNI
    raise ValueError(f"unknown legacy Vietnamese encoding: {scheme!r} (use 'TCVN3' or 'VNI')")


def to_unicode(text: str, scheme: str, *, caps: bool = False) -> str:
    """Convert text typed in a legacy font to Unicode NFC.

    scheme is "TCVN3" (also "ABC") or "VNI". TCVN3 has no codes for capitals with a tone: they
    are typed with the lower case code, so such codes become capitals when the word (or the whole
    text) has no lower case letter and at least two capitals ("HUYÖN" → "HUYỆN", "Hµ" → "Hà");
    caps=True (a .VnTimeH-style font) upper-cases the whole result. Characters outside the table
    are kept as they are.
    """
    canonical = _canonical_scheme(scheme)
    converted = _tcvn3_decode(text, caps) if canonical == TCVN3 else _vni_decode(text)
    return _nfc(converted)


# ---------------------------------------------------------------------------------------------
# Detection.
_WORD = re.compile(r"[^\s!-@\[-`{-~\u2000-\u206f]+")  # no ASCII digits or punctuation
_MICRO_UNIT = re.compile(r"µ[A-Za-z]{1,3}")  # "10 µm" is not "10 àm"


def font_scheme(font_name: str | None) -> str | None:
    """The encoding a font name implies: ".Vn..." → "TCVN3", "VNI-..." → "VNI", else None."""
    if not font_name:
        return None
    name = font_name.strip().casefold()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith(("vni-", "vni ")):
        return VNI
    return None


def _is_caps_font(font_name: str | None) -> bool:
    """.VnTimeH, .VnArialH ...: the TCVN3 fonts that draw every letter as a capital."""
    if font_scheme(font_name) != TCVN3 or font_name is None:
        return False
    name = font_name.strip()
    return len(name) > 4 and name.endswith("H")


# Frequent syllables, mostly of the reports' vocabulary: they break ties between two readings that
# both spell a syllable ("tæ": TCVN3 "tổ" or VNI "tỉ"; "chöa": TCVN3 "chửa" or VNI "chưa").
_COMMON = _words(
    """
    anh ba bà bác ban bản bảo bắc bằng bộ bốn các cán cao cấp cầu chi chí chỉ chín chính cho
    chủ chú chưa chức có còn công cộng cơ của cùng cử cựu dân do doanh dục dụng đã đại đang
    đảng đạt đầu để đề đến địa điểm định đó đoàn đội đơn được đường gia giai giám giáo giới hai
    hành hiện hiệu hoá hóa hoàn hoạt học hội hợp huyện hướng kế kết khác khi khoa khu khối
    không kinh kỳ là lại lao lập lên liên lĩnh lượng lũy luỹ lý mà mặt mới một mười nam năm nào
    này ngày nghiệp nghìn ngoài người nhà nhân nhất nhiều nhưng những niên nông nội nước nữ
    phải phát phần phó phố phòng phụ quả quan quản quần quốc quy quý sáu sau sinh so số sở sự
    tác tại tám tâm tăng thanh thành thêm theo thể thị thời thu thực thứ thường tiêu tiến tiếp
    tình tỉnh toàn tổ tổng trên trị triển trong trung trước trưởng từ tục tuổi tư tự tháng thôn
    ủy uỷ văn vào vẫn về việc viên vị với vụ vực xã xây xuất
    """
)


def _case_ok(word: str) -> bool:
    """lower, Title or UPPER case; "thÓ" (TCVN3 "thể") is no Unicode word."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters or all(ch.islower() for ch in letters) or all(ch.isupper() for ch in letters):
        return True
    return letters[0].isupper() and all(ch.islower() for ch in letters[1:])


def _is_word(word: str) -> bool:
    return _case_ok(word) and _is_syllable(word)


def _score(text: str) -> dict[str, tuple[int, int]]:
    """Per scheme (score, common): score gets +1 for each word whose reading is a syllable while
    the word as it stands is not, -1 for each word whose reading is not a syllable, 0 when both
    are or nothing changes; common counts the +1 readings that are frequent syllables."""
    score = {TCVN3: 0, VNI: 0}
    common = {TCVN3: 0, VNI: 0}
    for word in _WORD.findall(text):
        if word.isascii() or len(word) < 2 or _MICRO_UNIT.fullmatch(word):
            continue
        as_is: bool | None = None
        for scheme, reading in (
            (TCVN3, _TCVN3_WORD.sub(_tcvn3_word, word)),
            (VNI, _vni_decode(word)),
        ):
            if reading == word:
                continue
            if not _is_word(reading):
                score[scheme] -= 1
                continue
            if as_is is None:
                as_is = _is_word(word)
            if not as_is:
                score[scheme] += 1
                common[scheme] += _nfc(reading.lower()) in _COMMON
    return {scheme: (score[scheme], common[scheme]) for scheme in score}


def detect_legacy(text: str, font_name: str | None = None) -> str | None:
    """Which legacy encoding text is typed in: "TCVN3", "VNI" or None.

    Text holding a Unicode Vietnamese letter outside Latin-1 (ă, đ, ơ, ư, ạ ...) or a combining
    mark is Unicode whatever the font. Otherwise a font name starting with ".Vn" or "VNI-" decides.
    Otherwise each word with non-ASCII characters is read in both encodings; a reading scores +1
    when it spells a Vietnamese syllable (in lower, Title or UPPER case) and the word as it
    stands does not, -1 when it spells none. Unicode Vietnamese words already spell syllables,
    so they never score +1, and English or numbers have no reading that does. The encoding with
    the higher positive score wins; on equal scores, the one whose readings hold more frequent
    syllables; on a full tie, TCVN3 (the usual encoding of Party documents). Single foreign words
    such as "où" or "på" can be misread; a cell of one word that is itself a Unicode word ("Sè",
    TCVN3 "Số") is not detected without the font name.
    """
    if not text or _has_unicode_vietnamese(text):
        return None
    hinted = font_scheme(font_name)
    if hinted is not None:
        return hinted
    if text.isascii():
        return None
    scores = _score(text)
    tcvn3, vni = scores[TCVN3], scores[VNI]
    if vni[0] > 0 and vni > tcvn3:
        return VNI
    if tcvn3[0] > 0 and tcvn3 >= vni:
        return TCVN3
    return None


def fix_legacy(text: str, font_name: str | None = None) -> tuple[str, str | None]:
    """Convert text to Unicode NFC if it is typed in a legacy encoding.

    Returns (converted text, scheme), or (text unchanged, None) when no legacy encoding is
    detected or converting changes nothing. A TCVN3 caps font name (".VnTimeH") upper-cases.
    """
    scheme = detect_legacy(text, font_name)
    if scheme is None:
        return text, None
    converted = to_unicode(text, scheme, caps=scheme == TCVN3 and _is_caps_font(font_name))
    if converted == text:
        return text, None
    return converted, scheme
