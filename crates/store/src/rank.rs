//! Ranking a bounded set of full-text matches.
//!
//! FTS5's `bm25()` computes, on its first call in a query, each phrase's number of matching rows
//! (its inverse document frequency) by running the phrase over the whole index: a query asking
//! for the 20 best of the newest 2,000 matches of "công an" still walks all 25,000 of them at
//! 100,000 documents (≈ 25 ms), and 250,000 at a million. `chidao_bm25` is the same formula with
//! those counts given by the caller (`search`: exact below [`crate::query`]'s candidate bound,
//! estimated above it from the density of the newest matches), so a query's cost follows the
//! rows it ranks, not the rows that match.
//!
//! `chidao_bm25(table, w_1 … w_c, n_1 … n_p)`: the column weights (one per column of the table,
//! as `bm25()` takes them), then the number of rows matching each phrase of the MATCH
//! expression, in their order (missing: 0). Lower is better, as with `bm25()`.

use std::ffi::{CStr, c_int, c_void};

use rusqlite::Connection;
use rusqlite::ffi;

use crate::error::{Result, StoreError};

/// The name of the ranking function in SQL.
pub(crate) const FUNCTION: &str = "chidao_bm25";

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// BM25's inverse document frequency of a phrase matching `hits` of `rows` rows, as FTS5
/// computes it (never below a small positive floor, so a very common phrase still counts).
pub(crate) fn idf(rows: f64, hits: f64) -> f64 {
    let v = ((0.5 + rows - hits) / (0.5 + hits)).ln();
    if v <= 0.0 { 1e-6 } else { v }
}

/// Registers `chidao_bm25` on a connection (every connection a [`crate::Store`] opens).
pub(crate) fn register(conn: &Connection) -> Result<()> {
    let fail = |what: &str| StoreError::Invalid(format!("FTS5 ranking function: {what}"));
    let mut api: *mut ffi::fts5_api = std::ptr::null_mut();
    // SAFETY: the documented way to reach the FTS5 API (`SELECT fts5(?1)` with a bound pointer,
    // https://sqlite.org/fts5.html#extending_fts5): the statement is prepared, stepped and
    // finalized on this connection's handle, and `api` outlives it.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = std::ptr::null_mut();
        let sql = c"SELECT fts5(?1)";
        if ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut stmt, std::ptr::null_mut()) != ffi::SQLITE_OK {
            return Err(fail("fts5() is not available"));
        }
        ffi::sqlite3_bind_pointer(stmt, 1, (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(), c"fts5_api_ptr".as_ptr(), None);
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
    }
    if api.is_null() {
        return Err(fail("no FTS5 API"));
    }
    // SAFETY: `api` is the connection's FTS5 API, valid while the connection is; the function
    // has no user data to free.
    let rc = unsafe {
        let create = (*api).xCreateFunction.ok_or_else(|| fail("no xCreateFunction"))?;
        let name = std::ffi::CString::new(FUNCTION).map_err(|_| fail("name"))?;
        create(api, name.as_ptr(), std::ptr::null_mut(), Some(bm25), None)
    };
    if rc != ffi::SQLITE_OK {
        return Err(fail("not registered"));
    }
    Ok(())
}

/// The score of the current row; SQLite's error on a failed call of the API.
///
/// # Safety
/// Called by FTS5 with its extension API, its context and the call's arguments.
unsafe extern "C" fn bm25(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n_val: c_int,
    vals: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 passes a valid API and context for the row being ranked, and `n_val` values.
    unsafe {
        match score(&*api, fts, n_val, vals) {
            Ok(s) => ffi::sqlite3_result_double(ctx, s),
            Err(rc) => {
                let msg = CStr::from_ptr(ffi::sqlite3_errstr(rc));
                ffi::sqlite3_result_error(ctx, msg.as_ptr(), -1);
            }
        }
    }
}

/// BM25 as FTS5's `bm25()` computes it, with the phrases' match counts given.
///
/// # Safety
/// `api` and `fts` as FTS5 passes them; `vals` holds `n_val` values.
unsafe fn score(api: &ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context, n_val: c_int, vals: *mut *mut ffi::sqlite3_value) -> std::result::Result<f64, c_int> {
    let ok = |rc: c_int| if rc == ffi::SQLITE_OK { Ok(()) } else { Err(rc) };
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: every call is one of FTS5's extension functions on its own context.
    unsafe {
        let args: &[*mut ffi::sqlite3_value] = if n_val > 0 { std::slice::from_raw_parts(vals, n_val as usize) } else { &[] };
        let arg = |i: usize| args.get(i).map(|&v| ffi::sqlite3_value_double(v));
        let n_col = api.xColumnCount.ok_or(missing)?(fts).max(0) as usize;
        let n_phrase = api.xPhraseCount.ok_or(missing)?(fts).max(0) as usize;
        let mut rows: i64 = 0;
        ok(api.xRowCount.ok_or(missing)?(fts, &mut rows))?;
        let mut tokens: i64 = 0;
        ok(api.xColumnTotalSize.ok_or(missing)?(fts, -1, &mut tokens))?;
        let rows_f = rows.max(1) as f64;
        let avgdl = (tokens.max(1) as f64 / rows_f).max(1e-9);
        let mut freq = vec![0f64; n_phrase];
        let mut n_inst: c_int = 0;
        ok(api.xInstCount.ok_or(missing)?(fts, &mut n_inst))?;
        let inst = api.xInst.ok_or(missing)?;
        for i in 0..n_inst {
            let (mut phrase, mut col, mut off) = (0, 0, 0);
            ok(inst(fts, i, &mut phrase, &mut col, &mut off))?;
            let w = if (col as usize) < n_col { arg(col as usize).unwrap_or(1.0) } else { 1.0 };
            if let Some(f) = freq.get_mut(phrase as usize) {
                *f += w;
            }
        }
        let mut size: c_int = 0;
        ok(api.xColumnSize.ok_or(missing)?(fts, -1, &mut size))?;
        let d = f64::from(size);
        let mut s = 0.0;
        for (i, f) in freq.iter().enumerate() {
            let hits = arg(n_col + i).unwrap_or(0.0);
            s += idf(rows_f, hits) * (f * (K1 + 1.0)) / (f + K1 * (1.0 - B + B * d / avgdl));
        }
        Ok(-s)
    }
}
