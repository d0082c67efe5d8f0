//! Fixtures shared by the store's tests: fictional documents of the genre.

/// A district's meeting (three tasks: two with a deadline, one without) and a party committee's
/// review of a directive (tasks implementing it).
pub const DISTRICT_DOCS: [(&str, &str); 2] = [
    (
        "hop-ubnd.txt",
        "UBND huyện Tân Lộc họp bàn phòng chống thiên tai

Sáng 4/3/2024, UBND huyện Tân Lộc họp bàn công tác phòng chống thiên tai năm 2024. Chủ tịch UBND huyện Tân Lộc Phạm Minh Đức yêu cầu Phòng Nông nghiệp và Phát triển nông thôn hoàn thành kế hoạch ứng phó bão lũ trước ngày 31/3/2024. Ông đề nghị UBND các xã rà soát các hộ dân sống ven sông. Ban Chỉ huy quân sự huyện phải báo cáo phương án sơ tán trước ngày 15/6/2024.
",
    ),
    (
        "so-ket.txt",
        "Sơ kết Chỉ thị 12-CT/HU của Huyện ủy Tân Lộc

Ngày 6/3/2024, Ban Thường vụ Huyện ủy Tân Lộc sơ kết một năm thực hiện Chỉ thị 12-CT/HU. Bí thư Huyện ủy Tân Lộc Trần Thị Hoa yêu cầu các chi bộ tiếp tục quán triệt Chỉ thị 12-CT/HU. Đồng chí đề nghị Ủy ban Kiểm tra Huyện ủy tăng cường kiểm tra việc thực hiện chỉ thị.
",
    ),
];
