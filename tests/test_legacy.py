"""Tests of dean24.reading.legacy: TCVN3 and VNI tables, conversion, detection."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dean24.reading.legacy import (
    TCVN3,
    TCVN3_TO_UNICODE,
    VNI,
    VNI_TO_UNICODE,
    detect_legacy,
    fix_legacy,
    font_scheme,
    to_unicode,
)

# ---------------------------------------------------------------------------------------------
# The Vietnamese alphabet, built independently of the module.
_BASES = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LOWER = [unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONE_MARKS] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]
LOWER_NON_ASCII = [ch for ch in LOWER if not ch.isascii()]
UPPER_NON_ASCII = [ch for ch in UPPER if not ch.isascii()]
UPPER_PLAIN = ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]
UPPER_TONED = [ch for ch in UPPER_NON_ASCII if ch not in UPPER_PLAIN]

# ---------------------------------------------------------------------------------------------
# Encoders: the inverse of the module's tables.
_TO_TCVN3 = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}
_TO_VNI = {letter: seq for seq, letter in VNI_TO_UNICODE.items()}


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3; a capital with a tone takes the lower case code, as the fonts do."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ch.lower() in _TO_TCVN3:
            out.append(_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def encode_vni(text: str) -> str:
    return "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


ENCODERS = {TCVN3: encode_tcvn3, VNI: encode_vni}

DISTRICTS = [
    "Thành phố Lào Cai",
    "Thị xã Sa Pa",
    "Huyện Bát Xát",
    "Huyện Mường Khương",
    "Huyện Si Ma Cai",
    "Huyện Bắc Hà",
    "Huyện Bảo Thắng",
    "Huyện Bảo Yên",
    "Huyện Văn Bàn",
    "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
]
INDICATORS = [
    "Số đảng viên được kết nạp",
    "Số công đoàn cơ sở được thành lập",
    "Lũy kế từ khi thực hiện Đề án",
    "Trong kỳ",
    "Huyện ủy Bắc Hà",
    "Tổng số đảng viên trong doanh nghiệp ngoài khu vực nhà nước",
    "Ghi chú: số liệu tính đến ngày 15/6/2024 (đơn vị: người)",
]
NAMES = DISTRICTS + INDICATORS


# ---------------------------------------------------------------------------------------------
# Tables.


def test_tcvn3_table_is_the_code_chart() -> None:
    chart = {
        0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
        0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
        0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
        0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
        0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
        0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
        0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
        0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
        0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
        0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
        0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
        0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
        0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
        0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
    }  # fmt: skip
    assert dict(TCVN3_TO_UNICODE) == {chr(code): letter for code, letter in chart.items()}


def test_tcvn3_table_covers_every_lower_case_letter() -> None:
    assert set(TCVN3_TO_UNICODE.values()) == set(LOWER_NON_ASCII) | set(UPPER_PLAIN)


def test_vni_table_in_reference_order() -> None:
    # Order of the VNI keyboard drivers: plain, sắc, huyền, hỏi, ngã, nặng; then â/ê/ô and ă.
    sequences = (
        "a aù aø aû aõ aï aâ aá aà aå aã aä aê aé aè aú aü aë "
        "e eù eø eû eõ eï eâ eá eà eå eã eä o où oø oû oõ oï oâ oá oà oå oã oä "
        "ô ôù ôø ôû ôõ ôï u uù uø uû uõ uï ö öù öø öû öõ öï i í ì æ ó ò y yù yø yû yõ î ñ"
    )
    letters = (
        "a á à ả ã ạ â ấ ầ ẩ ẫ ậ ă ắ ằ ẳ ẵ ặ "
        "e é è ẻ ẽ ẹ ê ế ề ể ễ ệ o ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ "
        "ơ ớ ờ ở ỡ ợ u ú ù ủ ũ ụ ư ứ ừ ử ữ ự i í ì ỉ ĩ ị y ý ỳ ỷ ỹ ỵ đ"
    )
    pairs = list(zip(sequences.split(), letters.split(), strict=True))
    assert len(pairs) == 73
    for seq, letter in pairs:
        if seq.isascii():
            assert seq == letter
            continue
        assert VNI_TO_UNICODE[seq] == letter
        assert VNI_TO_UNICODE[seq.upper()] == letter.upper()
        assert to_unicode(seq, VNI) == letter
        assert to_unicode(seq.upper(), VNI) == letter.upper()


def test_vni_table_covers_every_letter() -> None:
    assert sorted(VNI_TO_UNICODE.values()) == sorted(LOWER_NON_ASCII + UPPER_NON_ASCII)
    assert len(VNI_TO_UNICODE) == 134


def test_tables_hold_nfc_letters() -> None:
    for letter in [*TCVN3_TO_UNICODE.values(), *VNI_TO_UNICODE.values()]:
        assert len(letter) == 1
        assert unicodedata.is_normalized("NFC", letter)


# ---------------------------------------------------------------------------------------------
# Known strings, typed by hand.

KNOWN = [
    ("B¸t X¸t", TCVN3, "Bát Xát"),
    ("Thµnh phè Lµo Cai", TCVN3, "Thành phố Lào Cai"),
    ("HuyÖn ñy B¾c Hµ", TCVN3, "Huyện ủy Bắc Hà"),
    ("B¶o Th¾ng", TCVN3, "Bảo Thắng"),
    ("M\u00adêng Kh\u00ad¬ng", TCVN3, "Mường Khương"),
    ("§¶ng ñy Khèi C¬ quan - Doanh nghiÖp tØnh", TCVN3, "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"),
    ("Sè ®¶ng viªn ®\u00adîc kÕt n¹p", TCVN3, "Số đảng viên được kết nạp"),
    ("Trong kú", TCVN3, "Trong kỳ"),
    ("Baùt Xaùt", VNI, "Bát Xát"),
    ("Thaønh phoá Laøo Cai", VNI, "Thành phố Lào Cai"),
    ("Huyeän uûy Baéc Haø", VNI, "Huyện ủy Bắc Hà"),
    ("Huyeän Möôøng Khöông", VNI, "Huyện Mường Khương"),
    (
        "Ñaûng uûy Khoái Cô quan - Doanh nghieäp tænh",
        VNI,
        "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
    ),
    ("Soá ñaûng vieân ñöôïc keát naïp", VNI, "Số đảng viên được kết nạp"),
    ("Luõy keá töø khi thöïc hieän Ñeà aùn", VNI, "Lũy kế từ khi thực hiện Đề án"),
    ("Trong kyø", VNI, "Trong kỳ"),
]


@pytest.mark.parametrize(("legacy", "scheme", "expected"), KNOWN)
def test_known_strings(legacy: str, scheme: str, expected: str) -> None:
    assert detect_legacy(legacy) == scheme
    assert to_unicode(legacy, scheme) == expected
    assert fix_legacy(legacy) == (expected, scheme)


@pytest.mark.parametrize(("legacy", "scheme", "expected"), KNOWN)
def test_encoders_agree_with_known_strings(legacy: str, scheme: str, expected: str) -> None:
    assert ENCODERS[scheme](expected) == legacy


# ---------------------------------------------------------------------------------------------
# Round trips through the encoders.


@pytest.mark.parametrize("scheme", [TCVN3, VNI])
@pytest.mark.parametrize("name", NAMES)
def test_names_round_trip(name: str, scheme: str) -> None:
    legacy = ENCODERS[scheme](name)
    assert legacy != name
    assert detect_legacy(legacy) == scheme
    assert to_unicode(legacy, scheme) == name
    assert fix_legacy(legacy) == (name, scheme)


@pytest.mark.parametrize("scheme", [TCVN3, VNI])
def test_all_names_in_one_text_round_trip(scheme: str) -> None:
    text = "\n".join(NAMES)
    legacy = ENCODERS[scheme](text)
    assert detect_legacy(legacy) == scheme
    assert fix_legacy(legacy) == (text, scheme)


@pytest.mark.parametrize("letter", LOWER_NON_ASCII + UPPER_NON_ASCII)
def test_every_letter_round_trips_vni(letter: str) -> None:
    assert to_unicode(encode_vni(letter), VNI) == letter
    word = f"x{letter}n"
    assert to_unicode(encode_vni(word), VNI) == word


@pytest.mark.parametrize("letter", LOWER_NON_ASCII + UPPER_PLAIN)
def test_every_letter_round_trips_tcvn3(letter: str) -> None:
    assert to_unicode(encode_tcvn3(letter), TCVN3) == letter
    word = f"x{letter}n"
    assert to_unicode(encode_tcvn3(word), TCVN3) == word


@pytest.mark.parametrize("letter", UPPER_TONED)
def test_capitals_with_tone_round_trip_tcvn3_in_capital_words(letter: str) -> None:
    word = f"B{letter}N"
    legacy = encode_tcvn3(word)
    assert legacy == "B" + _TO_TCVN3[letter.lower()] + "N"
    assert to_unicode(legacy, TCVN3) == word
    assert to_unicode(encode_tcvn3(f"{letter}Y"), TCVN3) == f"{letter}Y"


@pytest.mark.parametrize("scheme", [TCVN3, VNI])
@pytest.mark.parametrize("name", NAMES)
def test_upper_case_names_round_trip(name: str, scheme: str) -> None:
    upper = name.upper()
    legacy = ENCODERS[scheme](upper)
    assert to_unicode(legacy, scheme) == upper
    assert fix_legacy(legacy) == (upper, scheme)


_TEXT_ALPHABET = LOWER + list("bcdghklmnpqrstvx0123456789 .,-/()")


@given(st.text(alphabet=LOWER + UPPER + list("bcdghklmnpqrstvxBCDGH0123456789 .,-/()")))
def test_any_vietnamese_text_round_trips_vni(text: str) -> None:
    assert to_unicode(encode_vni(text), VNI) == text


@given(st.text(alphabet=_TEXT_ALPHABET))
def test_any_lower_case_text_round_trips_tcvn3(text: str) -> None:
    assert to_unicode(encode_tcvn3(text), TCVN3) == text


@given(st.text(alphabet=[ch for ch in LOWER + UPPER if ord(ch) > 0xFF] + list("abc 12.")))
def test_text_with_a_unicode_only_letter_is_never_legacy(text: str) -> None:
    if any(ord(ch) > 0xFF for ch in text):
        assert detect_legacy(text) is None
        assert detect_legacy(text, font_name=".VnTime") is None


# ---------------------------------------------------------------------------------------------
# Capitals in TCVN3.


def test_tcvn3_capitals() -> None:
    assert to_unicode("HUYÖN B¾C Hµ", TCVN3) == "HUYỆN BẮC HÀ"
    assert to_unicode("§¶NG ñY KHèI", TCVN3) == "ĐẢNG ỦY KHỐI"
    assert to_unicode("UBND huyÖn B¾c Hµ", TCVN3) == "UBND huyện Bắc Hà"
    # One capital at the start of a word in mixed text is a title: "Hà", not "HÀ".
    assert to_unicode("Hµ", TCVN3) == "Hà"
    assert to_unicode("Thµnh phè Lµo Cai", TCVN3) == "Thành phố Lào Cai"


def test_tcvn3_caps_font() -> None:
    assert fix_legacy("huyÖn b¾c hµ", ".VnTimeH") == ("HUYỆN BẮC HÀ", TCVN3)
    assert fix_legacy("Sè ®¶ng viªn", ".VnArialH") == ("SỐ ĐẢNG VIÊN", TCVN3)
    assert to_unicode("b¸o c¸o", TCVN3, caps=True) == "BÁO CÁO"
    assert fix_legacy("huyÖn b¾c hµ", ".VnTime") == ("huyện bắc hà", TCVN3)


def test_vni_mixed_case_marks() -> None:
    assert to_unicode("AÙnh", VNI) == "Ánh"
    assert to_unicode("Aùnh", VNI) == "Ánh"
    assert to_unicode("HUYEÄN BAÉC HAØ", VNI) == "HUYỆN BẮC HÀ"


# ---------------------------------------------------------------------------------------------
# Font names.


@pytest.mark.parametrize(
    ("font", "scheme"),
    [
        (".VnTime", TCVN3),
        (".VnTimeH", TCVN3),
        (".VnArial Narrow", TCVN3),
        ("VNI-Times", VNI),
        ("VNI-Helve", VNI),
        ("Times New Roman", None),
        ("Arial", None),
        ("", None),
        (None, None),
    ],
)
def test_font_scheme(font: str | None, scheme: str | None) -> None:
    assert font_scheme(font) == scheme


def test_font_name_overrides_detection() -> None:
    # "Sè" is "Sè" in Unicode as well; only the font tells it is TCVN3 "Số".
    assert detect_legacy("Sè") is None
    assert fix_legacy("Sè", ".VnTime") == ("Số", TCVN3)
    assert fix_legacy("Soá", "VNI-Times") == ("Số", VNI)
    # The font wins over the scores too.
    assert detect_legacy("Baùt Xaùt", font_name=".VnTime") == TCVN3
    assert detect_legacy("B¸t X¸t", font_name="VNI-Times") == VNI


def test_font_name_does_not_convert_unicode() -> None:
    text = "Huyện Bát Xát"
    assert detect_legacy(text, font_name=".VnTime") is None
    assert fix_legacy(text, ".VnTime") == (text, None)
    assert fix_legacy(text, "VNI-Times") == (text, None)


def test_font_name_on_plain_ascii_changes_nothing() -> None:
    assert fix_legacy("12/2024", ".VnTime") == ("12/2024", None)
    assert fix_legacy("Sa Pa", "VNI-Times") == ("Sa Pa", None)


# ---------------------------------------------------------------------------------------------
# Not legacy.


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_unicode_vietnamese_is_not_detected(name: str, form: str) -> None:
    text = unicodedata.normalize(form, name)
    assert detect_legacy(text) is None
    assert detect_legacy(text.upper()) is None
    assert fix_legacy(text) == (text, None)


@pytest.mark.parametrize(
    "text",
    [
        # Unicode Vietnamese using only Latin-1 letters.
        "Bát Xát",
        "Lào Cai",
        "Sa Pa",
        "Hoàng",
        "Hoà Bình",
        "Hòa Bình",
        "Yên Bái",
        "Phú Yên",
        "Tây Nguyên",
        "Kiên Giang",
        "Cà Mau",
        "Báo cáo tài chính",
        "Tháng giêng",
        "Hoàn thành",
        "Quý I",
        "Chí Minh",
        "BÁT XÁT",
        "LÀO CAI",
        "HOÀN THÀNH",
        "Ý kiến",
        "Bà Chè",
        "Kèm theo",
        "Séo Mí Tỷ",
    ],
)
def test_latin1_only_unicode_vietnamese_is_not_detected(text: str) -> None:
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "0",
        "1.234,56",
        "2024-06-15",
        "15/6/2024",
        "12,5%",
        "-",
        "N/A",
        "TOTAL",
        "The quick brown fox jumps over the lazy dog.",
        "Number of new party members admitted",
        "Total: 1,234.56 (USD)",
        "© 2024 ACME Corp.",
        "25°C ± 0.5",
        "10 µm thick",
        "½ cup, ¼ tsp, ¾ done",
        "§ 3.1 Scope",
        "«quoted» text",
        "· bullet item",
        "Müller, Zürich",
        "naïve café résumé",
        "São Paulo",
        "Straße",
        "Niño, señor, año",
        "Björk Guðmundsdóttir",
        "Ægir Øresund Ålborg",
        "“Smart quotes” – and dashes — …",
        "Café crème brûlée",
    ],
)
def test_english_numbers_and_symbols_are_not_detected(text: str) -> None:
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)


def test_unknown_scheme() -> None:
    with pytest.raises(ValueError, match="unknown legacy"):
        to_unicode("abc", "VISCII")


def test_scheme_aliases() -> None:
    assert to_unicode("B¸t", "tcvn3") == "Bát"
    assert to_unicode("B¸t", "ABC") == "Bát"
    assert to_unicode("Baùt", "vni") == "Bát"
    assert to_unicode("Baùt", "VNI-Win") == "Bát"


def test_output_is_nfc_and_other_characters_are_kept() -> None:
    out = to_unicode("Sè liÖu: 12,5% (n¨m 2024) – “x”", TCVN3)
    assert out == "Số liệu: 12,5% (năm 2024) – “x”"
    assert unicodedata.is_normalized("NFC", out)
    out = to_unicode("Soá lieäu: 12,5% (naêm 2024) – “x”", VNI)
    assert out == "Số liệu: 12,5% (năm 2024) – “x”"
    assert unicodedata.is_normalized("NFC", out)
