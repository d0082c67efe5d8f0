//! Property test: documents that are long lists of office holders (delegates, appointees,
//! award lists) — hundreds of "Đồng chí NAME, ROLE" lines — extract without a panic, with every
//! span inside the text, whatever the length, titles and separators.

use chidao_extract::extract;
use chidao_extract::record::Record;
use chidao_text::Document;
use proptest::prelude::*;

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Đức", "Thanh", "Hữu"];
const GIVEN: [&str; 8] = ["An", "Bình", "Cường", "Dũng", "Hà", "Khánh", "Lâm", "Nga"];
const ROLES: [&str; 6] = [
    "Giám đốc Sở Nội vụ",
    "Phó Chủ tịch UBND huyện Sơn Khê",
    "Bí thư Đảng ủy xã Tân Lập",
    "Trưởng Công an huyện",
    "Chủ tịch Hội Nông dân tỉnh",
    "Phó Giám đốc Công an tỉnh",
];
const SEPS: [&str; 4] = [";\n", ".\n", "; ", "\n\n"];

fn list(picks: &[(usize, usize, usize, usize, usize)], tail: bool) -> String {
    let mut s = String::from("DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ\n");
    for (i, &(f, m, g, r, sep)) in picks.iter().enumerate() {
        s.push_str(&format!(
            "{}. Đồng chí {} {} {}, {}{}",
            i + 1,
            FAMILY[f],
            MIDDLE[m],
            GIVEN[g],
            ROLES[r],
            SEPS[sep]
        ));
    }
    if tail {
        s.push_str("Đồng chí Bí thư Tỉnh ủy yêu cầu Giám đốc Sở Nội vụ hoàn thành trước ngày 30/6.\n");
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn long_lists_of_officials_never_panic(
        picks in prop::collection::vec((0..8usize, 0..6usize, 0..8usize, 0..6usize, 0..4usize), 150..320),
        tail in any::<bool>(),
    ) {
        let text = list(&picks, tail);
        let doc = Document::new("list.txt", text);
        let x = extract(&doc);
        for p in &x.people {
            for m in &p.mentions {
                prop_assert!(m.end <= doc.text.len() && doc.text.is_char_boundary(m.start) && doc.text.is_char_boundary(m.end));
            }
        }
        let r = Record::new(&x);
        prop_assert!(serde_json::to_string(&r).is_ok());
    }
}
