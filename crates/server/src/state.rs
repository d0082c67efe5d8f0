//! Shared state: the register's connections and the access token.
//!
//! SQLite connections are not shared between threads; readers come from a small pool (WAL mode
//! lets them read while the one writer writes), and every query runs on tokio's blocking pool so
//! a slow query never stalls the event loop.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use chidao_store::{Store, StoreError};

use crate::error::AppError;

/// Most idle reader connections kept.
const POOL: usize = 8;

/// What every handler shares.
pub struct AppState {
    db: PathBuf,
    readers: Mutex<Vec<Store>>,
    writer: Mutex<Store>,
    /// The access token.
    pub(crate) token: String,
    /// Reads need the token too (bound beyond loopback).
    pub(crate) reads_need_token: bool,
}

impl AppState {
    /// Opens the register (creating it when missing).
    pub fn open(db: &Path, token: String, reads_need_token: bool) -> Result<Arc<AppState>, StoreError> {
        let writer = Store::open(db)?;
        Ok(Arc::new(AppState { db: db.to_path_buf(), readers: Mutex::new(Vec::new()), writer: Mutex::new(writer), token, reads_need_token }))
    }

    /// The register's file.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// Runs a read on a pooled connection, off the event loop.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = me.readers.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let store = match store {
                Some(s) => s,
                None => Store::open(&me.db)?,
            };
            let out = f(&store);
            let mut pool = me.readers.lock().unwrap_or_else(PoisonError::into_inner);
            if pool.len() < POOL {
                pool.push(store);
            }
            out.map_err(AppError::from)
        })
        .await
        .map_err(|e| AppError::Internal(format!("a query failed: {e}")))?
    }

    /// Runs a write on the one writing connection, off the event loop.
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut w = me.writer.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut w).map_err(AppError::from)
        })
        .await
        .map_err(|e| AppError::Internal(format!("a write failed: {e}")))?
    }
}
