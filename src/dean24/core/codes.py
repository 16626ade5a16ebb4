"""Every error and warning code once: its kind, the exit code it leads to, what it means and what
the user does about it.

The place that raises a code writes the message for the case at hand (naming the file, the cell,
the figures); an entry here says the code's general sense and the usual remedy. The README's
table of codes and the JSON schema's list of warning codes are made from this catalogue, and a
test holds it to the codes the package uses (tests/test_codes.py). Standard library only: the
command line imports it before anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a code does to a run."""

    ERROR = "error"  # the run stops; nothing is written (a batch goes on with other inputs)
    WARNING = "warning"  # said on the terminal, in the report's warnings and in Word comments
    USAGE = "usage"  # the command line or the configuration asks for something impossible


EXIT_CODES = {Kind.ERROR: 1, Kind.USAGE: 2}
KIND_WORDS = {Kind.ERROR: "lỗi", Kind.WARNING: "cảnh báo", Kind.USAGE: "lỗi cách dùng"}


@dataclass(frozen=True)
class Code:
    """One code: kinds (a few codes are an error in one command, a warning in another), what
    it means and what to do, in Vietnamese; exits when they differ from what kinds give."""

    name: str
    kinds: tuple[Kind, ...]
    meaning: str
    advice: str
    exits: tuple[int, ...] = ()

    @property
    def exit_codes(self) -> tuple[int, ...]:
        """The exit codes a run ends with when this code stops it (none for a warning)."""
        return self.exits or tuple(sorted({EXIT_CODES[k] for k in self.kinds if k in EXIT_CODES}))


E, W, U = Kind.ERROR, Kind.WARNING, Kind.USAGE


def error(name: str, meaning: str, advice: str, exits: tuple[int, ...] = ()) -> Code:
    return Code(name, (E,), meaning, advice, exits)


def warning(name: str, meaning: str, advice: str) -> Code:
    return Code(name, (W,), meaning, advice)


def usage(name: str, meaning: str, advice: str) -> Code:
    return Code(name, (U,), meaning, advice)


_ASK_AGAIN = "Xin đơn vị gửi lại tệp lưu trực tiếp bằng Excel (.xlsx)."
_SAVE_XLSX = "Mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx), gửi lại."
_NOTHING = "Không cần làm gì nếu đúng như vậy."
_IS_INPUT = "ghi vào đó sẽ mất tệp của người dùng nên không ghi gì"
_CLASH = "hai thứ lần chạy ghi ra không thể chung một tệp"
_OTHER_STORE = "Dùng bản sao lưu của tệp, hoặc --store với tệp khác."

# In alphabetical order: a new code goes in its place, which keeps merges apart.
CODES: tuple[Code, ...] = (
    usage(
        "ack_code_unknown",
        "`dean24 ack` chỉ ghi nhận cảnh báo về một số liệu của một đơn vị.",
        "Dùng --code implausible_value hoặc --code rule_breach.",
    ),
    usage(
        "ack_indicator_unknown",
        "Lịch sử của kỳ không có chỉ tiêu này ở đơn vị đã nêu.",
        "Dùng một mã chỉ tiêu trong danh sách thông báo nêu.",
    ),
    usage(
        "ack_period_not_stored",
        "Lịch sử chưa có kỳ cần ghi nhận cảnh báo.",
        "Lập báo cáo kỳ đó với cùng --store trước, rồi ghi nhận.",
    ),
    usage(
        "ack_reason_missing",
        "Ghi nhận cảnh báo mà không nêu lý do.",
        "Ghi lý do bằng --reason.",
    ),
    usage(
        "ack_unit_unknown",
        "Lịch sử của kỳ không có đơn vị này.",
        "Dùng một tên đơn vị trong danh sách thông báo nêu.",
    ),
    usage(
        "bad_format",
        "`--formats` có định dạng công cụ không ghi được.",
        "Dùng md, docx, json, xlsx, pdf, cách nhau bằng dấu phẩy.",
    ),
    usage(
        "bad_output",
        "Tệp kết quả có đuôi công cụ không ghi được, hoặc chỗ ghi bộ mẫu không phải thư mục.",
        'Dùng đuôi .md, .json, .docx, .xlsx, .pdf (hoặc "-" để in Markdown ra màn hình); '
        "`template init` cần một thư mục hoặc một tệp .docx.",
    ),
    usage(
        "bad_period",
        "Mã kỳ báo cáo không hợp lệ.",
        "Dùng dạng 2024-H1, 2024-H2, 2024-Q1 … 2024-Q4 hoặc 2024.",
    ),
    error(
        "batch_locked",
        "Một lần chạy `dean24 batch` khác đang ghi vào thư mục kết quả.",
        "Chờ lần chạy kia xong rồi chạy lại.",
        exits=(75,),
    ),
    warning(
        "breakdown_exceeds",
        "Số chi tiết («Trong đó») lớn hơn số của cả đơn vị.",
        "Kiểm tra lại hai ô được nêu.",
    ),
    warning(
        "breakdown_rows",
        "Dòng chi tiết («Trong đó», «-», «+») là một phần của dòng phía trên: không cộng thêm.",
        f"{_NOTHING} Nếu dòng là một chỉ tiêu hay một đơn vị riêng, bỏ dấu ở đầu dòng.",
    ),
    warning(
        "carried_forward",
        "Đơn vị chưa gửi báo cáo kỳ này; số lũy kế lấy theo báo cáo gần nhất trong lịch sử.",
        "Nhắc đơn vị gửi báo cáo, rồi lập lại báo cáo.",
    ),
    warning(
        "cells_blank",
        "Ô số liệu để trống được tính là 0.",
        "Nếu số không phải 0, xin đơn vị điền số rồi lập lại báo cáo.",
    ),
    error(
        "column_missing",
        "Biểu thiếu cột số trong kỳ hoặc cột lũy kế.",
        "Bổ sung cột được nêu vào biểu.",
    ),
    error(
        "column_role_unclear",
        "Không xác định được cột chứa số gì so với kỳ báo cáo; không đọc theo phỏng đoán.",
        "Sửa tiêu đề cột cho rõ («Trong kỳ», «Lũy kế từ đầu năm», «Lũy kế từ khi thực hiện "
        "Đề án») hoặc xóa cột.",
    ),
    warning(
        "columns_ignored",
        "Bỏ qua các cột không phải số liệu của Đề án.",
        f"{_NOTHING} Nếu cột là số liệu của Đề án, sửa tiêu đề cột.",
    ),
    warning(
        "columns_not_added",
        "Các cột là số của kỳ khác: không cộng vào số trong kỳ hay lũy kế.",
        _NOTHING,
    ),
    usage(
        "config_ambiguous_indicator",
        "Hai chỉ tiêu trong cấu hình có cùng một tên hoặc bí danh.",
        "Sửa tên hoặc bí danh (aliases) cho khác nhau.",
    ),
    usage(
        "config_ambiguous_unit",
        "Hai đơn vị trong cấu hình có cùng một tên hoặc bí danh.",
        "Sửa tên hoặc bí danh (aliases) cho khác nhau.",
    ),
    usage(
        "config_date_outside",
        "Một ngày trong cấu hình nằm ngoài thời gian thực hiện chương trình.",
        "Sửa ngày ở khóa và dòng được nêu.",
    ),
    usage(
        "config_invalid",
        "Một khóa của cấu hình có giá trị sai kiểu hoặc trái quy tắc của cấu hình.",
        "Sửa khóa ở dòng được nêu theo điều thông báo cần.",
    ),
    usage(
        "config_missing_key",
        "Cấu hình thiếu một khóa bắt buộc.",
        "Thêm khóa được nêu.",
    ),
    usage(
        "config_not_found",
        "Không tìm thấy tệp cấu hình.",
        "Kiểm tra đường dẫn --config, hoặc tạo tệp bằng `dean24 config init TỆP.toml`.",
    ),
    usage(
        "config_not_regular",
        "Tệp cấu hình không phải tệp văn bản thường (thư mục, đường ống, thiết bị).",
        "Chỉ ra một tệp .toml lưu trên đĩa.",
    ),
    usage(
        "config_syntax",
        "Tệp cấu hình sai cú pháp TOML.",
        "Sửa ở chỗ thông báo nêu.",
    ),
    usage(
        "config_too_large",
        "Tệp cấu hình dài hơn 8 MB.",
        "Kiểm tra lại tệp: cấu hình cho mọi xã, phường của cả nước chỉ vài trăm KB.",
    ),
    usage(
        "config_too_many_units",
        "Cấu hình khai báo quá nhiều đơn vị cho một báo cáo.",
        "Chia thành nhiều cấu hình và lập báo cáo riêng cho từng phần.",
    ),
    usage(
        "config_unknown_key",
        "Khóa không có trong cấu hình (thường do gõ sai).",
        "Sửa tên khóa theo gợi ý của thông báo, hoặc xóa khóa.",
    ),
    usage(
        "config_unreadable",
        "Không đọc được tệp cấu hình (quyền đọc, hoặc không phải văn bản UTF-8).",
        "Kiểm tra quyền đọc và lưu tệp dạng UTF-8.",
    ),
    warning(
        "continuity_break",
        "Lũy kế kỳ trước cộng số trong kỳ không bằng số lũy kế biểu ghi.",
        "Đề nghị đơn vị rà soát lại số trong kỳ và số lũy kế.",
    ),
    error(
        "cumulative_ambiguous",
        "Cột «Lũy kế» không nói lũy kế từ khi nào; không đọc theo phỏng đoán.",
        "Ghi rõ tiêu đề cột: «Lũy kế từ khi thực hiện Đề án» hoặc «Lũy kế từ đầu năm».",
    ),
    error(
        "cumulative_below_period",
        "Số lũy kế nhỏ hơn số trong kỳ.",
        "Sửa số: lũy kế bằng lũy kế kỳ trước cộng số trong kỳ.",
    ),
    error(
        "cumulative_below_previous",
        "Số lũy kế kỳ này nhỏ hơn số lũy kế đơn vị đã báo cáo trước đó; lũy kế không giảm.",
        "Sửa số lũy kế (bằng số đã báo cáo cộng số trong kỳ) rồi gửi lại.",
    ),
    warning(
        "cumulative_derived",
        "Biểu ghi lũy kế đến hết kỳ trước; lũy kế kỳ này được tính bằng số đó cộng số trong kỳ.",
        _NOTHING,
    ),
    error(
        "disk_full",
        "Ổ đĩa đầy (hoặc hết hạn mức) khi ghi kết quả hay lịch sử; không tệp nào được ghi.",
        "Giải phóng chỗ trống rồi chạy lại.",
    ),
    error(
        "duplicate_column",
        "Một chỉ tiêu hay một đơn vị có hai cột cùng loại.",
        "Giữ lại một cột.",
    ),
    error(
        "duplicate_indicator",
        "Một chỉ tiêu có số liệu ở hai dòng.",
        "Dòng chi tiết thì ghi «Trong đó:» ở đầu dòng; cùng một chỉ tiêu thì chỉ để số ở dòng "
        "đúng.",
    ),
    error(
        "duplicate_unit",
        "Một đơn vị có số liệu hai lần trong một kỳ.",
        "Bỏ bớt một biểu hay một dòng của đơn vị đó.",
    ),
    usage(
        "feedback_not_directory",
        "--feedback chỉ tới một tệp đã có, không phải thư mục.",
        "Chỉ ra một thư mục để ghi bản đánh dấu của các biểu.",
    ),
    error(
        "file_cell_too_far",
        "Trang có dữ liệu ở một ô ngoài vùng một biểu có thể chiếm (10.000 dòng, 256 cột).",
        "Mở tệp bằng Excel, Ctrl+End tới ô đó, xóa ô thừa, lưu lại và gửi lại; bảng thật sự "
        "dài hơn thì chia thành nhiều trang.",
    ),
    error(
        "file_corrupt",
        "Tệp hỏng hoặc không đầy đủ (thường do tải xuống, sao chép bị gián đoạn).",
        "Xin đơn vị gửi lại tệp, hoặc mở bằng Excel, lưu lại dạng .xlsx.",
    ),
    error(
        "file_crashed",
        "Thư viện đọc Excel dừng đột ngột khi đọc tệp; tệp bị bỏ qua.",
        "Mở tệp bằng Excel, lưu lại dạng .xlsx; vẫn lỗi thì chép số liệu sang một sổ mới.",
    ),
    error(
        "file_csv",
        "Tệp là văn bản CSV/TSV, không phải sổ Excel.",
        _SAVE_XLSX,
    ),
    error(
        "file_empty",
        "Tệp rỗng (0 byte).",
        "Xin đơn vị gửi lại tệp.",
    ),
    error(
        "file_encrypted",
        "Tệp được đặt mật khẩu (đã mã hóa) nên không đọc được.",
        "Gỡ mật khẩu trong Excel, lưu lại dạng .xlsx và gửi lại.",
    ),
    usage(
        "file_exists",
        "Tệp sẽ ghi đã có.",
        "Dùng tên hoặc thư mục khác, hoặc --force để ghi đè.",
    ),
    error(
        "file_html",
        "Tệp là một trang web (HTML), không phải sổ Excel.",
        _SAVE_XLSX,
    ),
    error(
        "file_mhtml",
        "Tệp là một trang web lưu thành một tệp (MHTML), không phải sổ Excel.",
        _SAVE_XLSX,
    ),
    warning(
        "file_name_other_unit",
        "Tên tệp là tên một đơn vị, biểu trong tệp là của đơn vị khác; số liệu đọc theo biểu.",
        "Kiểm tra xem đơn vị có gửi nhầm tệp không; nếu đúng là biểu của đơn vị ghi trong biểu "
        "thì không cần làm gì.",
    ),
    error(
        "file_name_undecodable",
        "Tên tệp không phải chữ Unicode (UTF-8), thường do giải nén tệp .zip tạo trên Windows.",
        "Đổi tên tệp, hoặc giải nén lại bằng công cụ hỗ trợ UTF-8.",
    ),
    error(
        "file_not_found",
        "Không tìm thấy hoặc không mở được tệp đầu vào (hoặc đường dẫn là thư mục).",
        "Kiểm tra đường dẫn, tên tệp (kể cả phần đuôi) và quyền đọc.",
    ),
    error(
        "file_not_workbook",
        "Tệp không phải sổ Excel.",
        "Xin đơn vị gửi lại báo cáo dưới dạng sổ Excel (.xlsx).",
    ),
    error(
        "file_pdf",
        "Tệp là tài liệu PDF, không lấy được số liệu.",
        "Xin đơn vị gửi bản Excel gốc (.xlsx).",
    ),
    error(
        "file_too_large",
        "Tệp quá lớn (dung lượng, dung lượng khi giải nén, số thành phần) hoặc là bom nén.",
        "Xóa các trang, hình ảnh thừa, hoặc xin đơn vị gửi bản gọn hơn.",
    ),
    error(
        "file_too_many_cells",
        "Một trang khai báo vùng dữ liệu quá nhiều ô.",
        "Xóa các hàng, cột trống thừa ở cuối trang, lưu lại và gửi lại.",
    ),
    error(
        "file_unreadable",
        "Không đọc được đầu vào.",
        "Kiểm tra quyền đọc tệp.",
    ),
    error(
        "file_xml_entities",
        "Tệp có khai báo DOCTYPE/ENTITY hay phần mở đầu XML bất thường (có thể là bom thực thể).",
        _ASK_AGAIN,
    ),
    error(
        "folder_empty",
        "Thư mục đầu vào không có sổ Excel nào.",
        "Kiểm tra đường dẫn, hoặc chép các biểu vào thư mục.",
    ),
    warning(
        "font_substituted",
        "Máy không có phông Times New Roman; bản PDF dùng phông thay thế.",
        "Cài phông Times New Roman.",
    ),
    usage(
        "form_clash",
        f"Hai biểu lần chạy ghi ra trùng một tệp; {_CLASH}.",
        "Chọn thư mục khác để ghi các biểu.",
    ),
    usage(
        "form_is_input",
        f"Biểu sẽ ghi là một tệp của người dùng (cấu hình, lịch sử); {_IS_INPUT}.",
        "Chọn thư mục khác để ghi các biểu.",
    ),
    usage(
        "form_names_clash",
        "Hai đơn vị cho cùng một tên tệp biểu.",
        "Đổi tên một trong hai đơn vị trong cấu hình, hoặc lập biểu riêng bằng --units.",
    ),
    Code(
        "form_not_filled",
        (W, E),
        "Biểu chưa điền số liệu nào: đơn vị được coi là chưa báo cáo (`dean24 check`: lỗi).",
        "Ghi số vào các ô nền vàng (ghi 0 nếu không có) rồi gửi lại.",
    ),
    error(
        "form_units_differ",
        "Các biểu mỗi biểu một nhóm chỉ tiêu bổ sung cho nhau nhưng ghi tên đơn vị khác nhau.",
        "Nếu là các phần biểu của cùng một đơn vị, sửa tên đơn vị cho giống nhau; nếu không, biểu "
        "của mỗi đơn vị cần đủ các chỉ tiêu.",
    ),
    warning(
        "forms_joined",
        "Biểu của một đơn vị gồm nhiều phần (trang hoặc tệp), mỗi phần một nhóm chỉ tiêu: số liệu "
        "của đơn vị được ghép từ các phần.",
        _NOTHING,
    ),
    Code(
        "formula_no_value",
        (E, W),
        "Ô chứa công thức nhưng không có giá trị đã tính (tệp chưa được mở bằng Excel).",
        "Mở tệp bằng Excel, lưu lại rồi gửi lại.",
    ),
    warning(
        "group_column_not_added",
        "Cột cộng nhóm: không cộng vào tổng, chỉ cộng các cột đơn vị.",
        _NOTHING,
    ),
    warning(
        "group_without_units",
        "Dòng nhóm hay dòng cộng có số liệu nhưng không có dòng đơn vị nào: không được cộng.",
        'Nếu đây là một đơn vị, bỏ chữ "Cộng", "Các" hoặc số La Mã ở đầu tên.',
    ),
    warning(
        "hidden_rows_counted",
        "Dòng đơn vị đang bị ẩn vẫn được cộng như mọi dòng khác.",
        "Nếu ẩn để loại đơn vị ra, xóa dòng rồi lập lại báo cáo.",
    ),
    error(
        "history_foreign",
        "Tệp --store không phải cơ sở dữ liệu lịch sử của dean24; không ghi gì vào tệp.",
        "Dùng tệp lịch sử của dean24, hoặc một tên tệp mới để bắt đầu lịch sử.",
    ),
    error(
        "history_locked",
        "Cơ sở dữ liệu lịch sử đang bị một lần chạy khác giữ.",
        "Chờ lần chạy kia xong rồi chạy lại.",
    ),
    Code(
        "history_not_found",
        (E, U, W),
        "Không có tệp lịch sử được chỉ ra (`dean24 check`: chưa đối chiếu với kỳ trước).",
        "Kiểm tra đường dẫn --store; lập báo cáo với --store để tạo lịch sử.",
    ),
    error(
        "history_read_only",
        "Không ghi được vào cơ sở dữ liệu lịch sử (tệp hoặc thư mục chỉ cho đọc).",
        "Cấp quyền ghi, hoặc dùng --store với tệp khác.",
    ),
    error(
        "history_row_invalid",
        "Cơ sở dữ liệu lịch sử có một dòng hỏng, không do dean24 ghi.",
        f"Sửa hoặc xóa dòng được nêu. {_OTHER_STORE}",
    ),
    error(
        "history_schema_changed",
        "Cơ sở dữ liệu lịch sử có thứ dean24 không tạo ra (trigger, view, bảng khác).",
        _OTHER_STORE,
    ),
    error(
        "history_too_new",
        "Cơ sở dữ liệu lịch sử do một bản dean24 mới hơn ghi.",
        "Cập nhật dean24 (pip install -U dean24), hoặc dùng --store với tệp khác.",
    ),
    error(
        "history_unreadable",
        "Không đọc được cơ sở dữ liệu lịch sử.",
        "Kiểm tra tệp, hoặc dùng --store với tệp khác.",
    ),
    error(
        "history_version",
        "Cơ sở dữ liệu lịch sử ở phiên bản cũ; lệnh chỉ đọc không nâng cấp tệp.",
        "Lập một báo cáo với --store để nâng cấp tệp.",
    ),
    warning(
        "implausible_value",
        "Một số nằm ngoài mức thường thấy (có thể gõ thừa hoặc thiếu chữ số).",
        "Kiểm tra ô được nêu; số đúng thì ghi nhận bằng `dean24 ack`.",
    ),
    error(
        "inbox_not_found",
        "Không tìm thấy thư mục đầu vào của `dean24 batch`.",
        "Kiểm tra đường dẫn INBOX.",
    ),
    error(
        "inbox_unreadable",
        "Không đọc được thư mục đầu vào của `dean24 batch`.",
        "Kiểm tra quyền đọc thư mục.",
    ),
    error(
        "indicator_in_two_tables",
        "Một chỉ tiêu có ở hai bảng của cùng một sổ, hoặc ở hai phần biểu của cùng một đơn vị.",
        "Mỗi chỉ tiêu chỉ ghi ở một bảng (một phần biểu): xóa bảng hay dòng thừa.",
    ),
    error(
        "indicator_missing",
        "Biểu thiếu dòng hoặc cột của một chỉ tiêu trong cấu hình.",
        "Bổ sung dòng hay cột được nêu, hoặc dùng cấu hình khác.",
    ),
    error(
        "input_crashed",
        "Bộ đọc bảng tính dừng đột ngột khi đọc một đầu vào của `dean24 batch`.",
        "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi chạy lại; các đầu vào khác vẫn được lập.",
    ),
    error(
        "input_name_reserved",
        "Báo cáo của đầu vào sẽ trùng tên tệp ghi nhận các lần chạy của `dean24 batch`.",
        "Đổi tên đầu vào rồi chạy lại.",
    ),
    error(
        "internal_error",
        "dean24 gặp lỗi không lường trước; không tệp nào được ghi.",
        "Chạy lại với --debug để xem chi tiết và báo cho người phát triển.",
    ),
    error(
        "interrupted",
        "Lần chạy bị dừng bằng Ctrl+C (SIGINT) hoặc SIGTERM; không để lại tệp ghi dở.",
        "Chạy lại khi cần.",
        exits=(130, 143),
    ),
    error(
        "kind_row_missing",
        "Chỉ tiêu (biểu xếp theo dòng) thiếu dòng số trong kỳ hoặc dòng lũy kế.",
        "Thêm dòng được nêu.",
    ),
    error(
        "kind_row_unclear",
        "Dòng có số liệu nhưng không ghi đó là số trong kỳ hay số lũy kế.",
        "Ghi «Trong kỳ» hoặc «Lũy kế từ khi thực hiện Đề án» vào ô được nêu.",
    ),
    warning(
        "legacy_font_converted",
        "Chữ ở bảng mã cũ (TCVN3, VNI) đã được chuyển sang Unicode.",
        "Kiểm tra lại tên đơn vị và chỉ tiêu ở các ô được nêu.",
    ),
    usage(
        "libreoffice_missing",
        "Ghi PDF cần LibreOffice mà máy không có.",
        "Cài LibreOffice, hoặc bỏ -o …pdf.",
    ),
    warning(
        "link_broken",
        "Liên kết trong thư mục đầu vào không trỏ tới tệp nào.",
        "Chép tệp vào thư mục đầu vào, hoặc xóa liên kết.",
    ),
    warning(
        "link_outside_inbox",
        "Liên kết trỏ ra ngoài thư mục đầu vào nên không được đọc.",
        "Chép tệp vào thư mục đầu vào nếu cần lập báo cáo từ nó.",
    ),
    usage(
        "lock_clash",
        f"Tệp khóa của `dean24 batch` trùng với một tệp khác lần chạy ghi; {_CLASH}.",
        "Chọn thư mục kết quả khác bằng --out.",
    ),
    usage(
        "lock_is_input",
        f"Tệp khóa của `dean24 batch` là một tệp của người dùng; {_IS_INPUT}.",
        "Chọn thư mục kết quả khác bằng --out.",
    ),
    usage(
        "log_clash",
        f"Tệp nhật ký trùng với một tệp khác lần chạy ghi; {_CLASH}.",
        "Chọn tên khác cho tệp nhật ký bằng --log.",
    ),
    usage(
        "log_in_inbox",
        "Tệp nhật ký nằm trong thư mục đầu vào; dean24 không ghi gì vào đó.",
        "Chọn chỗ khác bằng --log.",
    ),
    usage(
        "log_is_input",
        f"Tệp nhật ký là một tệp của người dùng (đầu vào, mẫu, cấu hình); {_IS_INPUT}.",
        "Chọn tên khác cho tệp nhật ký bằng --log.",
    ),
    usage(
        "log_unwritable",
        "Không ghi được tệp nhật ký --log.",
        "Kiểm tra đường dẫn và quyền ghi.",
    ),
    usage(
        "manifest_clash",
        f"Tệp ghi nhận các lần chạy trùng với một tệp khác lần chạy ghi; {_CLASH}.",
        "Chọn thư mục kết quả khác bằng --out.",
    ),
    warning(
        "manifest_invalid",
        "Tệp ghi nhận các lần chạy trước bị hỏng; mọi đầu vào được lập lại và tệp được ghi lại.",
        _NOTHING,
    ),
    usage(
        "manifest_is_input",
        f"Tệp ghi nhận các lần chạy là một tệp của người dùng; {_IS_INPUT}.",
        "Chọn thư mục kết quả khác bằng --out.",
    ),
    error(
        "no_data",
        "Không có số liệu của đơn vị nào trong các tệp đã cho.",
        "Kiểm tra các tệp đầu vào.",
    ),
    error(
        "no_table",
        "Không tìm thấy bảng số liệu của Đề án trong sổ.",
        'Cần dòng tiêu đề có tên các chỉ tiêu và các cột "Trong kỳ", "Lũy kế từ khi thực '
        'hiện Đề án"; `dean24 form` tạo sẵn biểu.',
    ),
    usage(
        "no_units",
        "Cấu hình không có danh sách đơn vị nên không biết lập biểu cho ai.",
        "Nêu đơn vị bằng --units, hoặc thêm [[units]] (`dean24 config init TỆP.toml "
        "--province …`).",
    ),
    warning(
        "not_a_workbook",
        "Tệp trong thư mục đầu vào không phải sổ Excel hay thư mục sổ của các đơn vị: bỏ qua.",
        _NOTHING,
    ),
    warning(
        "notes_control_chars",
        "Tệp ghi chú có ký tự điều khiển không in được; các ký tự này đã được bỏ đi.",
        "Kiểm tra các dòng được nêu.",
    ),
    usage(
        "notes_dir_not_found",
        "Không có thư mục ghi chú --notes.",
        "Kiểm tra đường dẫn --notes.",
    ),
    error(
        "notes_not_found",
        "Không tìm thấy tệp ghi chú.",
        "Kiểm tra đường dẫn --notes.",
    ),
    error(
        "notes_not_regular",
        "Ghi chú không phải tệp văn bản thường (thư mục, đường ống, thiết bị, liên kết hỏng).",
        "Thay bằng một tệp Markdown (.md) lưu trên đĩa, hoặc xóa nó đi.",
    ),
    warning(
        "notes_section_unknown",
        "Một mục của tệp ghi chú không ứng với phần nào của báo cáo nên bị bỏ qua.",
        "Đặt tên mục theo phần của báo cáo: lãnh đạo, chỉ đạo; ưu điểm; hạn chế; nguyên nhân; "
        "nhiệm vụ.",
    ),
    error(
        "notes_too_large",
        "Tệp ghi chú dài hơn giới hạn (khoảng 150 trang).",
        "Rút gọn tệp còn các ý chính rồi chạy lại.",
    ),
    error(
        "notes_unreadable",
        "Không đọc được tệp ghi chú (cần văn bản Markdown mã UTF-8).",
        "Lưu tệp ghi chú dạng UTF-8 rồi chạy lại.",
    ),
    usage(
        "out_in_inbox",
        "Thư mục kết quả nằm trong thư mục đầu vào; dean24 không ghi gì vào đó.",
        "Chọn chỗ khác bằng --out.",
    ),
    usage(
        "output_clash",
        f"Hai tệp kết quả (hoặc báo cáo và tệp khác) trùng một tệp; {_CLASH}.",
        "Chọn tên khác cho tệp kết quả bằng -o.",
    ),
    error(
        "output_folder_invalid",
        "Một phần của đường dẫn ghi là tệp chứ không phải thư mục.",
        "Chọn đường dẫn khác.",
    ),
    Code(
        "output_is_directory",
        (U, E),
        "Tệp kết quả là một thư mục.",
        "Chọn một tên tệp (ví dụ bao_cao.docx).",
    ),
    usage(
        "output_is_input",
        f"Tệp kết quả là một tệp của người dùng (đầu vào, ghi chú, mẫu, cấu hình); {_IS_INPUT}.",
        "Chọn tên khác bằng -o (hoặc thư mục khác bằng --out).",
    ),
    error(
        "output_name_clash",
        "Báo cáo của hai đầu vào của `dean24 batch` trùng tên.",
        "Đổi tên một trong các đầu vào.",
    ),
    error(
        "output_name_too_long",
        "Tên tệp kết quả quá dài.",
        "Chọn tên ngắn hơn.",
    ),
    error(
        "output_partial",
        "Ghi kết quả gặp lỗi và không khôi phục được mọi tệp cũ.",
        "Kiểm tra ổ đĩa rồi chạy lại: lần chạy sau đặt lại các tệp cũ trước khi ghi.",
    ),
    error(
        "output_permission",
        "Không có quyền ghi tệp kết quả hoặc thư mục chứa nó.",
        "Kiểm tra quyền ghi, đóng tệp nếu đang mở trong Word, hoặc chọn thư mục khác.",
    ),
    error(
        "output_read_only",
        "Ổ đĩa chỉ cho đọc.",
        "Chọn thư mục khác để ghi.",
    ),
    usage(
        "output_twice",
        "Một tệp kết quả được chỉ ra hai lần.",
        "Bỏ bớt một -o.",
    ),
    error(
        "output_unwritable",
        "Không tạo hoặc ghi được tệp, thư mục kết quả.",
        "Kiểm tra đường dẫn và quyền ghi.",
    ),
    error(
        "pdf_failed",
        "LibreOffice không chuyển được báo cáo Word sang PDF; không tệp nào được ghi.",
        "Mở bản .docx bằng LibreOffice để xem lỗi, hoặc bỏ -o …pdf.",
    ),
    error(
        "pdf_timeout",
        "LibreOffice chưa chuyển xong sang PDF trong thời gian cho phép; không tệp nào được ghi.",
        "Chạy lại, hoặc bỏ -o …pdf.",
    ),
    error(
        "period_conflict",
        "Các biểu ghi những kỳ báo cáo khác nhau.",
        "Sửa cho thống nhất, hoặc chọn kỳ bằng --period.",
    ),
    warning(
        "period_mismatch",
        "Biểu ghi một kỳ báo cáo, dòng lệnh chọn kỳ khác; dùng kỳ của dòng lệnh.",
        "Kiểm tra lại --period.",
    ),
    error(
        "period_missing",
        "Không tìm thấy kỳ báo cáo trong biểu.",
        'Thêm dòng "Kỳ báo cáo: 6 tháng đầu năm 2024" phía trên bảng, hoặc chọn kỳ bằng --period '
        "(ví dụ --period 2024-H1).",
    ),
    warning(
        "period_outside_programme",
        "Kỳ báo cáo nằm ngoài thời gian thực hiện chương trình.",
        "Kiểm tra lại kỳ báo cáo, hoặc dùng cấu hình của chương trình khác (--config).",
    ),
    warning(
        "period_replaced_fewer_units",
        "Lịch sử đã lưu kỳ này với báo cáo của cả những đơn vị lần lập báo cáo này không có; "
        "bản lưu được thay bằng số liệu của lần này.",
        "Muốn bổ sung báo cáo nộp muộn thì lập lại kỳ đó với biểu của mọi đơn vị.",
    ),
    error(
        "period_title_mismatch",
        "Hai dòng tiêu đề của biểu (hay kỳ báo cáo và các ngày ghi cùng dòng) ghi hai kỳ báo "
        "cáo khác nhau.",
        "Sửa cho các kỳ và ngày ghi trong biểu khớp nhau (hoặc chọn kỳ bằng --period sau khi "
        "kiểm tra số liệu).",
    ),
    warning(
        "period_title_year",
        "Tiêu đề ghi cả năm, dòng kỳ báo cáo ghi một phần của năm đó: số liệu được đọc theo dòng "
        "kỳ báo cáo.",
        "Nếu số liệu trong kỳ là số cả năm, sửa dòng kỳ báo cáo hoặc chọn --period là năm đó.",
    ),
    warning(
        "plan_columns",
        "Các cột là kế hoạch (chỉ tiêu giao), không phải kết quả: không cộng.",
        _NOTHING,
    ),
    warning(
        "previous_differs",
        "Số đã báo cáo ghi trên biểu khác số lũy kế lịch sử đang giữ cho đơn vị.",
        "Nếu biểu được lập trước khi lịch sử được sửa, lập lại biểu bằng `dean24 form --store`.",
    ),
    usage(
        "province_merged",
        "Tỉnh đã hợp nhất vào tỉnh, thành phố khác từ ngày 01/7/2025.",
        "Dùng --province với tên tỉnh, thành phố mới mà thông báo nêu.",
    ),
    error(
        "provinces_unavailable",
        "Thiếu gói vietnam-provinces để tạo cấu hình theo tỉnh.",
        "Cài bằng pip install vietnam-provinces.",
    ),
    error(
        "report_too_large",
        "Báo cáo quá lớn để viết ra bằng mẫu có sẵn của dean24.",
        "Chia báo cáo thành nhiều lần lập (mỗi lần một phần các đơn vị).",
    ),
    warning(
        "rows_not_added",
        "Các dòng là kế hoạch, tỷ lệ hoặc số của kỳ khác: không cộng vào báo cáo.",
        _NOTHING,
    ),
    warning(
        "rows_not_programme",
        "Các dòng có số liệu nhưng không phải chỉ tiêu của Đề án: không đọc vào báo cáo.",
        _NOTHING,
    ),
    Code(
        "rule_breach",
        (W, E),
        "Số liệu trái một quy tắc của chương trình (cảnh báo hay lỗi theo mức của quy tắc).",
        "Làm theo chỉ dẫn của quy tắc; số đúng thì ghi nhận bằng `dean24 ack`.",
    ),
    warning(
        "sheet_name_other_period",
        "Tên trang ghi một kỳ khác kỳ ghi trong trang; đọc theo kỳ ghi trong trang.",
        "Đổi tên trang cho khớp để tránh nhầm.",
    ),
    warning(
        "sheet_other_period",
        "Bỏ qua trang của một kỳ khác kỳ đang lập báo cáo.",
        _NOTHING,
    ),
    usage(
        "store_clash",
        f"Cơ sở dữ liệu lịch sử trùng với một tệp khác lần chạy ghi; {_CLASH}.",
        "Chọn tên khác cho tệp lịch sử bằng --store.",
    ),
    usage(
        "store_in_inbox",
        "Cơ sở dữ liệu lịch sử nằm trong thư mục đầu vào; dean24 không ghi gì vào đó.",
        "Chọn chỗ khác bằng --store.",
    ),
    usage(
        "store_is_input",
        f"Cơ sở dữ liệu lịch sử là một tệp của người dùng (đầu vào, mẫu, cấu hình); {_IS_INPUT}.",
        "Chọn tên khác cho tệp lịch sử bằng --store.",
    ),
    warning(
        "subtotal_mismatch",
        "Dòng cộng lệch với tổng các dòng đơn vị nó gộp; báo cáo chỉ cộng các dòng đơn vị.",
        "Kiểm tra lại các ô được nêu.",
    ),
    warning(
        "summary_of_unit",
        "Biểu tổng hợp của một đơn vị: dòng Tổng cộng được đọc làm số liệu của đơn vị đó.",
        _NOTHING,
    ),
    warning(
        "table_not_added",
        "Một bảng của sổ là số của kỳ khác, so sánh hoặc kế hoạch: không cộng vào báo cáo.",
        _NOTHING,
    ),
    error(
        "tables_disagree",
        "Bảng (hay biểu) theo nhóm chỉ tiêu nhắc lại các đơn vị của bảng tổng hợp (hay biểu đủ "
        "chỉ tiêu của đơn vị) nhưng khác số: không biết số nào đúng.",
        "Sửa cho hai bảng khớp nhau (thông báo nêu từng ô và số của nó), hoặc bỏ bảng thừa.",
    ),
    warning(
        "tables_joined",
        "Sổ có nhiều bảng, mỗi bảng một nhóm chỉ tiêu: số liệu của mỗi đơn vị được ghép từ các "
        "bảng.",
        _NOTHING,
    ),
    warning(
        "tables_repeat",
        "Các bảng (hay biểu) theo nhóm chỉ tiêu nhắc lại đúng số liệu của bảng tổng hợp (hay biểu "
        "đủ chỉ tiêu của đơn vị): đã đối chiếu, khớp, không cộng lần nữa.",
        _NOTHING,
    ),
    error(
        "template_file_too_large",
        "Tệp mẫu dài hơn giới hạn.",
        "Kiểm tra lại tệp mẫu.",
    ),
    error(
        "template_include",
        "Mẫu Word dùng include, import hoặc extends để nạp mẫu khác, điều mẫu Word không làm được.",
        "Đặt nội dung cần dùng trực tiếp vào mẫu.",
    ),
    error(
        "template_invalid",
        "Mẫu không dùng được (không phải văn bản UTF-8, không phải .docx lưu từ Word, hỏng, "
        "thiếu chỗ đặt nội dung).",
        "Sửa mẫu theo thông báo, hoặc tạo lại bằng `dean24 template init`.",
    ),
    error(
        "template_link_broken",
        "Liên kết trong thư mục mẫu không trỏ tới tệp nào.",
        "Chép mẫu vào thư mục mẫu, hoặc xóa liên kết.",
    ),
    error(
        "template_link_outside",
        "Liên kết trong thư mục mẫu trỏ ra ngoài thư mục đó.",
        "Chép tệp cần dùng vào thư mục mẫu thay cho liên kết.",
    ),
    Code(
        "template_not_found",
        (E, U),
        "Không tìm thấy mẫu hoặc thư mục mẫu.",
        "Kiểm tra đường dẫn, hoặc tạo bộ mẫu bằng `dean24 template init <thư mục>`.",
    ),
    error(
        "template_not_regular",
        "Mẫu không phải tệp thường.",
        "Dùng một tệp mẫu lưu trên đĩa (tạo bằng `dean24 template init`).",
    ),
    error(
        "template_recursion",
        "Mẫu gọi đệ quy quá sâu (một macro gọi lại chính nó).",
        "Sửa lại mẫu.",
    ),
    error(
        "template_render",
        "Mẫu lỗi khi điền số liệu.",
        "Sửa mẫu ở dòng được nêu.",
    ),
    error(
        "template_syntax",
        "Mẫu sai cú pháp Jinja.",
        "Sửa mẫu ở dòng được nêu.",
    ),
    error(
        "template_too_deep",
        "Mẫu lồng các khối hay biểu thức quá sâu.",
        "Sửa lại mẫu cho bớt lồng nhau.",
    ),
    error(
        "template_too_large",
        "Mẫu (hay thứ mẫu tạo ra) vượt giới hạn kích thước.",
        "Sửa lại mẫu; mẫu Word thì lưu lại bằng Word rồi dùng lại.",
    ),
    error(
        "template_too_slow",
        "Mẫu chạy quá thời gian cho phép (vòng lặp lồng nhau hoặc vô tận).",
        "Sửa lại mẫu.",
    ),
    error(
        "template_undefined",
        "Mẫu dùng một tên không có trong dữ liệu báo cáo.",
        "Sửa lại tên trong mẫu.",
    ),
    error(
        "template_unreadable",
        "Không đọc được tệp mẫu.",
        "Kiểm tra quyền đọc.",
    ),
    error(
        "template_unsafe",
        "Mẫu dùng một thao tác không được phép.",
        "Bỏ thao tác đó khỏi mẫu.",
    ),
    error(
        "template_xml_entities",
        "Mẫu Word có khai báo DOCTYPE/ENTITY (có thể là bom thực thể).",
        "Lưu lại mẫu bằng Word rồi dùng lại.",
    ),
    warning(
        "totals_mismatch",
        "Dòng tổng cộng lệch với tổng các đơn vị; báo cáo dùng số cộng từ các đơn vị.",
        "Kiểm tra lại các ô được nêu.",
    ),
    error(
        "unit_ambiguous",
        "Tên đơn vị có thể là nhiều đơn vị trong cấu hình.",
        'Ghi đủ tên, kể cả "xã", "phường"… ở đầu tên.',
    ),
    warning(
        "unit_blank",
        "Mọi ô số liệu của đơn vị đều để trống: đơn vị được coi là chưa báo cáo (số lũy kế lấy "
        "theo báo cáo gần nhất trong lịch sử, nếu có).",
        "Nếu đơn vị không có kết quả, ghi 0 vào các ô rồi lập lại báo cáo; nếu chưa có số liệu, "
        "xin đơn vị gửi báo cáo.",
    ),
    error(
        "unit_name_missing",
        "Dòng có số liệu nhưng không có tên đơn vị.",
        "Ghi tên đơn vị vào ô được nêu, hoặc xóa dòng.",
    ),
    error(
        "unit_not_found",
        "Không xác định được biểu của đơn vị nào.",
        'Thêm dòng "Đơn vị: <tên đơn vị>" phía trên bảng.',
    ),
    error(
        "unit_not_in_every_table",
        "Đơn vị có dòng ở một bảng nhưng không có ở bảng khác của sổ: thiếu số liệu.",
        "Bổ sung dòng của đơn vị vào bảng được nêu (đơn vị không có kết quả ghi 0).",
    ),
    error(
        "unit_outside_validity",
        "Đơn vị không báo cáo cho kỳ này (ngoài thời gian hiệu lực trong cấu hình).",
        "Kiểm tra lại tên đơn vị và kỳ báo cáo của biểu.",
    ),
    warning(
        "units_changed",
        "Các đơn vị báo cáo đã đổi (sắp xếp đơn vị hành chính) giữa kỳ này và một kỳ đặt cạnh nó "
        "(kỳ so sánh, diễn biến); so sánh tính trên số toàn tỉnh.",
        _NOTHING,
    ),
    warning(
        "units_missing",
        "Chưa có báo cáo của một số đơn vị.",
        "Nhắc các đơn vị được nêu gửi báo cáo.",
    ),
    warning(
        "units_over_rows",
        "Mỗi đơn vị ghi trên nhiều dòng; một cột cho biết dòng nào là số trong kỳ, dòng nào là "
        "số lũy kế.",
        _NOTHING,
    ),
    error(
        "unknown_indicator",
        "Không nhận ra chỉ tiêu: tên không có trong cấu hình.",
        "Sửa tên chỉ tiêu, thêm bí danh (aliases) trong cấu hình, hoặc ghi «Trong đó:» ở đầu "
        "dòng chi tiết (hay «-» ở cột STT).",
    ),
    usage(
        "unknown_province",
        "Không có tỉnh, thành phố này trong danh sách 34 tỉnh, thành phố từ 01/7/2025.",
        "Dùng một tên thông báo gợi ý.",
    ),
    Code(
        "unknown_unit",
        (E, U),
        "Không nhận ra đơn vị: tên không có trong cấu hình.",
        "Sửa tên, hoặc thêm bí danh (aliases) trong cấu hình.",
    ),
    usage(
        "usage_error",
        "Dòng lệnh sai: thiếu hay thừa đối số, tùy chọn không có hoặc giá trị không hợp lệ.",
        "Xem `dean24 <lệnh> -h`.",
    ),
    error(
        "value_date",
        "Ô số liệu chứa ngày tháng thay vì số (ô định dạng kiểu Date).",
        "Đổi định dạng ô sang Number rồi nhập lại số.",
    ),
    error(
        "value_decimal",
        "Ô số liệu chứa số thập phân.",
        "Nhập một số nguyên.",
    ),
    error(
        "value_excel_error",
        "Ô chứa lỗi Excel (#DIV/0!, #REF!…) thay vì số.",
        "Sửa công thức hoặc nhập số rồi gửi lại.",
    ),
    error(
        "value_merged",
        "Ô số liệu gộp với ô số liệu của dòng (đơn vị) hay cột (chỉ tiêu) khác: một số cho nhiều "
        "ô, không biết là số của ô nào.",
        "Bỏ gộp ô và ghi số vào từng ô (ô không có kết quả ghi 0).",
    ),
    error(
        "value_negative",
        "Ô số liệu chứa số âm.",
        "Nhập một số không âm.",
    ),
    error(
        "value_not_number",
        "Ô số liệu không chứa một số.",
        'Nhập một số nguyên không âm (để trống hoặc ghi "-" nếu bằng 0).',
    ),
    error(
        "value_too_large",
        "Ô số liệu vượt giới hạn cho một ô (programme.max_value trong cấu hình).",
        "Kiểm tra lại số.",
    ),
    warning(
        "year_below_stored",
        "Số cả năm nhỏ hơn số của một kỳ trong năm đã lưu trong lịch sử (thường do các đơn vị "
        "khác báo cáo kỳ đó, trước khi sắp xếp): không thể đúng cả hai.",
        "Xem biểu cả năm tính từ ngày nào; nếu chỉ từ khi đơn vị mới thành lập, số cả năm của "
        "tỉnh là số kỳ đã lưu cộng số cả năm của biểu.",
    ),
    warning(
        "year_to_date_from_file",
        "Chỉ tiêu năm được đánh giá trên số lũy kế từ đầu năm ghi trong biểu, vì lịch sử chưa "
        "đủ các kỳ trước của năm.",
        "Lập báo cáo các kỳ trước của năm với cùng --store để đối chiếu.",
    ),
    warning(
        "year_to_date_incomplete",
        "Chỉ tiêu năm chỉ được đánh giá riêng kỳ này, vì lịch sử chưa đủ các kỳ trước của năm.",
        "Lập báo cáo các kỳ trước của năm với cùng --store để đánh giá cả năm.",
    ),
    warning(
        "year_to_date_inconsistent",
        "Số lũy kế từ đầu năm trái với số trong kỳ hoặc số lũy kế từ khi thực hiện Đề án.",
        "Kiểm tra lại hai ô được nêu.",
    ),
    warning(
        "year_to_date_mismatch",
        "Lũy kế từ đầu năm biểu ghi khác số lịch sử cộng số trong kỳ.",
        "Đề nghị đơn vị rà soát lại.",
    ),
)

BY_NAME: dict[str, Code] = {code.name: code for code in CODES}


def warning_codes() -> list[str]:
    """The codes a warning of the report can carry (the JSON schema's enumeration)."""
    return [code.name for code in CODES if W in code.kinds]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table() -> str:
    """The README's table of codes, one row per code, in the catalogue's order."""
    rows = [
        "| mã | loại | mã thoát | ý nghĩa | cách xử lý |",
        "|---|---|---|---|---|",
    ]
    for code in CODES:
        kinds = ", ".join(KIND_WORDS[k] for k in code.kinds)
        exits = ", ".join(str(e) for e in code.exit_codes) or "0"
        rows.append(
            f"| `{code.name}` | {kinds} | {exits} | {_cell(code.meaning)} | {_cell(code.advice)} |"
        )
    return "\n".join(rows) + "\n"
