//! Near-duplicate detection: MinHash signatures over word 5-shingles of the folded text, with
//! locality-sensitive banding to find candidates.
//!
//! * Shingles: runs of [`SHINGLE`] consecutive words of `ascii_fold(text)` (letters and digits
//!   only), hashed with xxh3. Folding first makes a copy that lost or changed its tone marks still
//!   match.
//! * Signature: [`PERMS`] minimums of `mix(h ^ seed_i)`; the fraction of equal positions estimates
//!   the Jaccard similarity of the two shingle sets (standard error ≈ 0.04 at 0.8).
//! * Bands: [`BANDS`] bands of [`ROWS`] rows; two documents are candidates when one band is equal.
//!   The S-curve `1 - (1 - J^6)^20` gives 99.8 % recall at J = 0.8 and 27 % at J = 0.5 (those
//!   candidates are then rejected by the signature estimate).

use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Signature length.
pub const PERMS: usize = BANDS * ROWS;
/// Number of LSH bands.
pub const BANDS: usize = 20;
/// Rows per band.
pub const ROWS: usize = 6;
/// Estimated Jaccard similarity from which a document is a near-duplicate.
pub const THRESHOLD: f64 = 0.8;
/// Documents with fewer shingles than this get no signature (too short to call copies).
pub const MIN_SHINGLES: usize = 8;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Multiply-shift permutations `(a·h + b) >> 32` with odd `a`, one pair per signature position.
fn seeds() -> &'static ([u64; PERMS], [u64; PERMS]) {
    static SEEDS: std::sync::LazyLock<([u64; PERMS], [u64; PERMS])> = std::sync::LazyLock::new(|| {
        let (mut a, mut b) = ([0u64; PERMS], [0u64; PERMS]);
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..PERMS {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            a[i] = mix(x) | 1;
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            b[i] = mix(x);
        }
        (a, b)
    });
    &SEEDS
}

impl Signature {
    /// The signature of a text, or `None` when it has too few words.
    pub fn of(text: &str) -> Option<Signature> {
        let folded = chidao_text::ascii_fold::ascii_fold(text);
        let words: Vec<&str> =
            folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        if words.len() < SHINGLE + MIN_SHINGLES - 1 {
            return None;
        }
        let (a, b) = seeds();
        let mut mins = [u32::MAX; PERMS];
        let mut buf = String::with_capacity(64);
        for w in words.windows(SHINGLE) {
            buf.clear();
            for (i, x) in w.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(x);
            }
            let h = xxh3_64(buf.as_bytes());
            for i in 0..PERMS {
                let v = (a[i].wrapping_mul(h).wrapping_add(b[i]) >> 32) as u32;
                mins[i] = mins[i].min(v);
            }
        }
        Some(Signature(mins.to_vec()))
    }

    /// Estimated Jaccard similarity.
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let eq = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        eq as f64 / self.0.len() as f64
    }

    /// The band keys (one per band, band number mixed in), as SQLite integers.
    pub fn bands(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(b, rows)| {
                let mut bytes = Vec::with_capacity(4 * ROWS + 1);
                bytes.push(b as u8);
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64(&bytes) as i64
            })
            .collect()
    }

    /// Little-endian bytes, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// From stored bytes; `None` when the length is wrong.
    pub fn from_bytes(b: &[u8]) -> Option<Signature> {
        if b.len() != PERMS * 4 {
            return None;
        }
        Some(Signature(b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Sáng 12/3, Tỉnh ủy Hòa Lạc tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị 27-CT/TU về \
        tăng cường công tác phòng cháy chữa cháy trên địa bàn tỉnh. Đồng chí Lê Văn Tâm, Bí thư Tỉnh ủy chủ trì \
        hội nghị. Báo cáo cho biết các cấp ủy đã ban hành hơn 300 văn bản chỉ đạo, tổ chức 1.200 buổi tuyên truyền \
        với sự tham gia của trên 50.000 lượt người. Hội nghị đề nghị các huyện rà soát, hoàn thành trước ngày 30/6.";

    #[test]
    fn copy_with_changed_marks_and_footer_is_similar() {
        let b = format!("{} Nguồn: Báo Hòa Lạc", A.replace("Hòa", "Hoà"));
        let (sa, sb) = (Signature::of(A).unwrap(), Signature::of(&b).unwrap());
        assert!(sa.similarity(&sb) >= THRESHOLD, "{}", sa.similarity(&sb));
        assert!(sa.bands().iter().zip(sb.bands()).any(|(x, y)| *x == y));
        assert_eq!(Signature::from_bytes(&sa.to_bytes()), Some(sa));
    }

    #[test]
    fn different_texts_are_not() {
        let b = "Chiều 4/5, Công an huyện Bình Sơn ra quân bảo đảm trật tự an toàn giao thông dịp lễ, \
            lập 25 tổ công tác, xử lý 140 trường hợp vi phạm nồng độ cồn và tạm giữ 38 phương tiện các loại.";
        let (sa, sb) = (Signature::of(A).unwrap(), Signature::of(b).unwrap());
        assert!(sa.similarity(&sb) < 0.2);
    }

    #[test]
    fn short_text_has_no_signature() {
        assert!(Signature::of("Tin ngắn.").is_none());
        assert!(Signature::of("").is_none());
    }
}
