//! A fixed set of search queries for latency measurements (`chidao bench-search`): words and
//! phrases of the genre, typed with and without diacritics, with filters and kinds of fact.

use crate::SearchQuery;

fn q(text: &str) -> SearchQuery {
    SearchQuery::text(text)
}

/// The benchmark queries (≥ 50).
pub fn queries() -> Vec<SearchQuery> {
    let mut v: Vec<SearchQuery> = [
        // With diacritics.
        "công an", "hội nghị", "Thành ủy", "Ủy ban nhân dân", "phòng cháy chữa cháy", "an toàn giao thông",
        "cải cách hành chính", "chỉ thị", "kế hoạch", "nghị quyết", "kiểm tra", "sơ kết", "tổng kết",
        "Bí thư", "Chủ tịch", "Đại tá", "Thiếu tướng", "ma túy", "tội phạm", "đề án",
        // Without diacritics (typed as a phone user would).
        "cong an", "hoi nghi", "thanh uy", "uy ban nhan dan", "phong chay chua chay", "an toan giao thong",
        "cai cach hanh chinh", "chi thi", "ke hoach", "dai ta", "bi thu", "chu tich", "toi pham", "ma tuy",
        "dang uy", "dien tap",
        // Phrases.
        "\"Công an tỉnh\"", "\"cong an tinh\"", "\"Ban Thường vụ\"", "\"ban thuong vu\"", "\"học tập và làm theo\"",
        "\"hoc tap va lam theo\"", "\"đột xuất\" kiểm tra", "\"dot xuat\" kiem tra", "35-CT/TW", "05-CT/TW",
        // Rare and absent words.
        "phát biểu chỉ đạo hội nghị trực tuyến", "xyzzy", "quyết liệt", "quyet liet",
    ]
    .iter()
    .map(|t| q(t))
    .collect();
    // Filters.
    let f = |text: &str, from: Option<&str>, to: Option<&str>| SearchQuery {
        text: text.into(),
        from: from.map(Into::into),
        to: to.map(Into::into),
        ..Default::default()
    };
    v.push(f("công an", Some("2017-01-01"), Some("2017-06-30")));
    v.push(f("hoi nghi", Some("2017-03"), Some("2017-09")));
    v.push(f("", Some("2017-05-01"), Some("2017-05-31")));
    v.push(f("giao thông", Some("2017"), None));
    for kind in ["task", "person", "directive", "event", "org"] {
        v.push(SearchQuery { text: "công an".into(), kind: Some(kind.into()), ..Default::default() });
    }
    v.push(SearchQuery { text: "ke hoach".into(), kind: Some("task".into()), ..Default::default() });
    v.push(SearchQuery { text: "hội nghị".into(), directive: Some("05-CT/TW".into()), ..Default::default() });
    v.push(SearchQuery { text: "".into(), directive: Some("Chỉ thị 05".into()), ..Default::default() });
    v.push(SearchQuery { text: "công an".into(), org: Some("cong an".into()), ..Default::default() });
    v.push(SearchQuery { text: "hội nghị".into(), person: Some("Nguyễn Văn An".into()), ..Default::default() });
    v
}
