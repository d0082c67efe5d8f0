//! Shared state: the register's connections and the access token.
//!
//! Connections are not shared between threads; readers come from a pool of at most
//! [`Options::readers`] (SQLite's WAL mode, and PostgreSQL, let them read while the one writer
//! writes), and every query runs on tokio's blocking pool so a slow query never stalls the event
//! loop.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chidao_store::{Access, Location, Store, StoreError};

use crate::error::AppError;
use crate::session::Sessions;

/// Reader connections open at once by default (see [`Options::readers`]).
pub const READERS: usize = 8;

/// Most filters whose board figures are kept at once.
const BOARD_KEYS: usize = 64;

/// What every handler shares.
pub struct AppState {
    db: Location,
    /// The register cannot be written by this process: changes are refused.
    pub(crate) read_only: bool,
    /// Idle reader connections, kept for the next read.
    readers: Mutex<Vec<Store>>,
    /// Reads running at once, at most (each on a connection of its own): a reader waits for
    /// a permit, so that a burst of requests never opens more connections than this.
    reading: tokio::sync::Semaphore,
    writer: Mutex<Store>,
    /// A connection that never writes: its `data_version` moves with every commit by any other
    /// connection (ours or a `chidao ingest` running beside the server).
    watch: Mutex<Store>,
    /// Summaries too costly per request (register figures, tasks by assignee).
    pub(crate) stats: Cache<chidao_store::Stats>,
    pub(crate) assignees: Cache<Vec<chidao_store::AssigneeCount>>,
    /// The board's figures for the filters asked last (up to [`BOARD_KEYS`]), while the register
    /// stays as it was: the register's data version they were computed at, and by filter.
    board: Keyed<chidao_store::TaskSummary>,
    /// The lists, read whole and filtered in memory (issue 13).
    pub(crate) directive_list: Cache<Arc<Vec<chidao_store::office::DirectiveSummary>>>,
    pub(crate) people_list: Cache<Arc<Vec<chidao_store::office::PersonSummary>>>,
    /// The dashboard of the whole register (counted in the background after a change).
    pub(crate) dashboard_all: Cache<Arc<chidao_store::office::Dashboard>>,
    /// The dashboards of the scopes asked last (up to [`BOARD_KEYS`]), as the board's figures.
    dashboards: Keyed<Arc<chidao_store::office::Dashboard>>,
    /// The access token.
    pub(crate) token: String,
    /// Reads need the token too (bound beyond loopback).
    pub(crate) reads_need_token: bool,
    /// The browsers signed in.
    pub(crate) sessions: Sessions,
    /// The host names answered to besides loopback ones, when host names are checked.
    pub(crate) hosts: Option<Vec<String>>,
    /// Largest document taken by an upload, in bytes.
    pub(crate) max_doc_bytes: u64,
    /// The offices' time zone: times and "today" are shown in it.
    pub(crate) tz: jiff::tz::TimeZone,
}

/// How a register is served: who may read and write, by which names, how large an upload.
#[derive(Debug, Clone)]
pub struct Options {
    /// The access token.
    pub token: String,
    /// Reads need the token too (bound beyond loopback).
    pub reads_need_token: bool,
    /// Names the server is reached by besides loopback ones (a reverse proxy's name, a LAN
    /// name), lower-case, without port. On loopback, any other `Host` is refused (421); beyond
    /// loopback, they are checked only when some are given.
    pub public_hosts: Vec<String>,
    /// Largest document an upload may hold, in bytes.
    pub max_doc_bytes: u64,
    /// The offices' time zone (IANA name): times and "today" are shown in it.
    pub tz: jiff::tz::TimeZone,
    /// Reader connections to the register open at once, at most ([`READERS`] by default); the
    /// server opens two more (the writer and the one that watches for changes). On PostgreSQL,
    /// every server's count together must stay under the database's `max_connections`.
    pub readers: usize,
}

impl Options {
    /// The token, on loopback, no public name, the default size limit, the time of Vietnam.
    pub fn new(token: String) -> Options {
        Options {
            token,
            reads_need_token: false,
            public_hosts: Vec::new(),
            max_doc_bytes: chidao_text::DEFAULT_MAX_DOC_BYTES,
            tz: crate::clock::default_zone(),
            readers: READERS,
        }
    }
}

impl AppState {
    /// Opens an existing register, upgrading its schema when older, with the default
    /// [`Options`] but for the token and where reads need it. A register this process cannot
    /// write (its file or its folder is read-only) is served read-only: every page and read
    /// works, every change is refused with a message saying why.
    pub fn open(db: &Path, token: String, reads_need_token: bool) -> Result<Arc<AppState>, StoreError> {
        AppState::open_with(db, Options { reads_need_token, ..Options::new(token) })
    }

    /// Opens an existing register (as [`AppState::open`]) to serve it as `options` say.
    pub fn open_with(db: &Path, options: Options) -> Result<Arc<AppState>, StoreError> {
        AppState::open_location(&Location::File(db.to_path_buf()), options)
    }

    /// Opens an existing register (as [`AppState::open`]) where it is, a file or a PostgreSQL
    /// database, to serve it as `options` say. On PostgreSQL, several servers may serve one
    /// register: sessions are rows of the register, and each server's caches follow the
    /// register's changes (see [`Store::data_version`]).
    pub fn open_location(db: &Location, options: Options) -> Result<Arc<AppState>, StoreError> {
        let (writer, read_only) = match Store::open_reporting(db, Access::Upgrade, &chidao_store::report_on_stderr()) {
            Ok(w) => (w, false),
            Err(StoreError::ReadOnly(_)) => (Store::open_location(db, Access::Read)?, true),
            Err(e) => return Err(e),
        };
        let watch = Store::open_location(db, Access::Read)?;
        let public: Vec<String> = options.public_hosts.iter().map(|h| crate::auth::host_name(h)).filter(|h| !h.is_empty()).collect();
        let check_hosts = !options.reads_need_token || !public.is_empty();
        Ok(Arc::new(AppState {
            db: db.clone(),
            read_only,
            readers: Mutex::new(Vec::new()),
            reading: tokio::sync::Semaphore::new(options.readers.max(1)),
            writer: Mutex::new(writer),
            watch: Mutex::new(watch),
            stats: Cache::default(),
            assignees: Cache::default(),
            board: Keyed::default(),
            directive_list: Cache::default(),
            people_list: Cache::default(),
            dashboard_all: Cache::default(),
            dashboards: Keyed::default(),
            token: options.token,
            reads_need_token: options.reads_need_token,
            sessions: Sessions::default(),
            hosts: check_hosts.then_some(public),
            max_doc_bytes: options.max_doc_bytes,
            tz: options.tz,
        }))
    }

    /// Runs a read on a pooled connection, off the event loop.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let me = self.clone();
        let permit = self.reading.acquire().await.map_err(|e| AppError::Internal(format!("no reader: {e}")))?;
        let out = tokio::task::spawn_blocking(move || {
            let store = me.readers.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let store = match store {
                Some(s) => s,
                None => Store::open_location(&me.db, Access::Read)?,
            };
            let out = f(&store);
            me.readers.lock().unwrap_or_else(PoisonError::into_inner).push(store);
            out.map_err(AppError::from)
        })
        .await
        .map_err(|e| AppError::Internal(format!("a query failed: {e}")))?;
        drop(permit);
        out
    }

    /// A summary from its cache when the register has not changed since (and the key — a day, a
    /// filter — is the same), else computed on a pooled connection and cached.
    ///
    /// After a change, a summary of the whole register (its figures, the dashboard's tasks, the
    /// lists) is computed again, once, in the background; a request waits for it at most
    /// [`FRESH_WAIT`] and is otherwise answered with the one computed before the change. A small
    /// register's summaries are ready within the wait, so its pages always show the latest
    /// figures; an archive's take seconds, and its pages stay fast while an ingest writes.
    pub async fn cached<T, F>(self: &Arc<Self>, cache: fn(&AppState) -> &Cache<T>, key: String, f: F) -> Result<T, AppError>
    where
        T: Clone + Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let version = self.data_version()?;
        let c = cache(self);
        // Registered before looking, so that the end of a computation cannot slip between.
        let ended = c.ended.notified();
        let stale = match c.value.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            Some((v, k, t)) if *k == key && *v == version => return Ok(t.clone()),
            Some((_, k, t)) if *k == key => Some(t.clone()),
            _ => None,
        };
        if c.busy.swap(true, Ordering::AcqRel) {
            // Another request is computing it: wait for that (briefly when there is a stale one).
            match &stale {
                Some(_) => drop(tokio::time::timeout(FRESH_WAIT, ended).await),
                None => ended.await,
            }
            if let Some((v, k, t)) = c.value.lock().unwrap_or_else(PoisonError::into_inner).as_ref()
                && *k == key && (*v == version || stale.is_some()) {
                    return Ok(t.clone());
                }
            return match stale {
                Some(t) => Ok(t),
                // The other computation was of another key, or failed: this one computes its own.
                None => self.read(f).await,
            };
        }
        let me = self.clone();
        let job = tokio::spawn(async move {
            let out = me.read(f).await;
            let c = cache(&me);
            if let Ok(t) = &out {
                *c.value.lock().unwrap_or_else(PoisonError::into_inner) = Some((version, key, t.clone()));
            }
            c.busy.store(false, Ordering::Release);
            c.ended.notify_waiters();
            out
        });
        let joined = |r: Result<Result<T, AppError>, tokio::task::JoinError>| r.unwrap_or_else(|e| Err(AppError::Internal(format!("a summary's computation ended: {e}"))));
        match stale {
            None => joined(job.await),
            Some(old) => match tokio::time::timeout(FRESH_WAIT, job).await {
                Ok(r) => joined(r),
                Err(_) => Ok(old),
            },
        }
    }

    /// The register's data version (see [`Store::data_version`]).
    fn data_version(&self) -> Result<i64, StoreError> {
        self.watch.lock().unwrap_or_else(PoisonError::into_inner).data_version()
    }

    /// The register's figures as of today (cached).
    pub async fn stats(self: &Arc<Self>) -> Result<chidao_store::Stats, AppError> {
        self.cached(|s| &s.stats, chidao_store::dates::today(), |s| s.stats(None)).await
    }

    /// The assignees with the most tasks as of a day (default today; cached): of the confident
    /// tasks, or of every task with `doubtful`.
    pub async fn assignees(self: &Arc<Self>, as_of: Option<String>, doubtful: bool) -> Result<Vec<chidao_store::AssigneeCount>, AppError> {
        let key = format!("{}|{doubtful}", as_of.clone().unwrap_or_else(chidao_store::dates::today));
        self.cached(|s| &s.assignees, key, move |s| s.task_assignees(as_of.as_deref(), doubtful, 15)).await
    }

    /// The board's figures for a filter (cached while the register and the filter stay the same):
    /// tasks in all, by state, by assignee.
    pub async fn board(self: &Arc<Self>, q: chidao_store::TaskQuery) -> Result<chidao_store::TaskSummary, AppError> {
        let key = format!("{q:?}");
        let version = self.data_version()?;
        if let Some(t) = self.board.get(version, &key) {
            return Ok(t);
        }
        let t = self.read(move |s| s.task_summary(&q, 15)).await?;
        self.board.put(version, key, t.clone());
        Ok(t)
    }

    /// Every directive with its citing documents and tasks by state, as of today (cached).
    pub async fn directive_list(self: &Arc<Self>) -> Result<Arc<Vec<chidao_store::office::DirectiveSummary>>, AppError> {
        self.cached(|s| &s.directive_list, chidao_store::dates::today(), |s| s.directive_list(None).map(Arc::new)).await
    }

    /// The register's confident people with their latest role (cached).
    pub async fn people_list(self: &Arc<Self>) -> Result<Arc<Vec<chidao_store::office::PersonSummary>>, AppError> {
        self.cached(|s| &s.people_list, String::new(), |s| s.people_list().map(Arc::new)).await
    }

    /// The dashboard of a scope as of today, listing `overdue` tasks past due (cached while the
    /// register, the day and the scope stay the same; the whole register's is counted again in
    /// the background after a change, see [`AppState::cached`]).
    pub async fn dashboard(self: &Arc<Self>, scope: chidao_store::office::Scope, overdue: usize) -> Result<Arc<chidao_store::office::Dashboard>, AppError> {
        let today = chidao_store::dates::today();
        if scope.is_all() {
            return self
                .cached(|s| &s.dashboard_all, format!("{today}|{overdue}"), move |s| s.dashboard(&chidao_store::office::Resolved::default(), None, overdue).map(Arc::new))
                .await;
        }
        let key = format!("{today}|{overdue}|{scope:?}");
        let version = self.data_version()?;
        if let Some(d) = self.dashboards.get(version, &key) {
            return Ok(d);
        }
        let d = self
            .read(move |s| {
                let r = s.resolve_scope(&scope)?;
                s.dashboard(&r, None, overdue).map(Arc::new)
            })
            .await?;
        self.dashboards.put(version, key, d.clone());
        Ok(d)
    }

    /// Computes the cached summaries now, so that the first visitor does not wait for them.
    pub async fn warm(self: &Arc<Self>) {
        if let Err(e) = self.stats().await {
            eprintln!("chidao: warming the register's figures: {}", e.public_message());
        }
        if let Err(e) = self.board(chidao_store::TaskQuery::default()).await {
            eprintln!("chidao: warming the task board: {}", e.public_message());
        }
        if let Err(e) = self.dashboard(chidao_store::office::Scope::default(), crate::pages::dashboard::MOST_OVERDUE).await {
            eprintln!("chidao: warming the dashboard: {}", e.public_message());
        }
        if let Err(e) = self.directive_list().await {
            eprintln!("chidao: warming the list of directives: {}", e.public_message());
        }
        if let Err(e) = self.people_list().await {
            eprintln!("chidao: warming the list of people: {}", e.public_message());
        }
    }

    /// A new session for a user (`None`: the token's holder): in the register, so that a restart
    /// signs nobody out; in memory when the register is read-only.
    pub(crate) async fn new_session(self: &Arc<Self>, user: Option<i64>) -> Result<String, AppError> {
        if self.read_only {
            return self.sessions.create(user).map_err(|e| AppError::Internal(e.to_string()));
        }
        self.write(move |s| s.create_session(user)).await
    }

    /// Ends a session wherever it is kept.
    pub(crate) async fn end_session(self: &Arc<Self>, id: String) -> Result<(), AppError> {
        self.sessions.revoke(&id);
        if self.read_only {
            return Ok(());
        }
        self.write(move |s| s.revoke_session(&id)).await
    }

    /// True when the register is served read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
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

/// How long a request waits for a summary being computed again after a change before it is
/// answered with the previous one (see [`AppState::cached`]).
pub const FRESH_WAIT: Duration = Duration::from_millis(150);

/// Summaries by key (a filter, a scope) while the register stays as it was: at most
/// [`BOARD_KEYS`], all forgotten when the register changes.
pub(crate) struct Keyed<T> {
    /// The register's data version they were computed at, and by key.
    inner: Mutex<(i64, std::collections::HashMap<String, T>)>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed { inner: Mutex::new((i64::MIN, std::collections::HashMap::new())) }
    }
}

impl<T: Clone> Keyed<T> {
    /// The summary of a key computed at this version.
    fn get(&self, version: i64, key: &str) -> Option<T> {
        let b = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if b.0 == version { b.1.get(key).cloned() } else { None }
    }

    /// Keeps a summary computed at a version.
    fn put(&self, version: i64, key: String, t: T) {
        let mut b = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if b.0 != version {
            *b = (version, std::collections::HashMap::new());
        }
        if b.1.len() >= BOARD_KEYS {
            b.1.clear();
        }
        b.1.insert(key, t);
    }
}

/// One cached summary.
pub struct Cache<T> {
    /// The register's data version it was computed at, its key, the value.
    value: Mutex<Option<(i64, String, T)>>,
    /// A computation of it is running (one at a time).
    busy: AtomicBool,
    /// Wakes the requests waiting when a computation ends.
    ended: tokio::sync::Notify,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache { value: Mutex::new(None), busy: AtomicBool::new(false), ended: tokio::sync::Notify::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(n: i64) -> Vec<chidao_store::AssigneeCount> {
        vec![chidao_store::AssigneeCount { assignee: "Sở Nội vụ".into(), total: n, open: n, overdue: 0 }]
    }

    fn total(v: &[chidao_store::AssigneeCount]) -> i64 {
        v[0].total
    }

    /// A summary slower than the wait: after a change the previous one is answered at once, the
    /// new one is computed once in the background and answered when ready.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn after_a_change_a_slow_summary_is_answered_from_before_until_ready() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        drop(Store::open(&db).unwrap());
        let st = AppState::open(&db, "t".repeat(16), false).unwrap();
        let get = |n: i64, pause: u64| {
            let st = st.clone();
            async move {
                st.cached(
                    |s| &s.assignees,
                    "k".into(),
                    move |_| {
                        std::thread::sleep(Duration::from_millis(pause));
                        Ok(count(n))
                    },
                )
                .await
                .unwrap()
            }
        };
        assert_eq!(total(&get(1, 0).await), 1, "computed when none is cached");
        assert_eq!(total(&get(2, 0).await), 1, "cached while the register is unchanged");
        st.write(|s| s.create_session(None)).await.unwrap();
        let asked = std::time::Instant::now();
        assert_eq!(total(&get(3, 1500).await), 1, "the previous figures while the new ones are computed");
        assert!(asked.elapsed() < Duration::from_millis(1000), "answered after the wait, not the computation: {:?}", asked.elapsed());
        assert_eq!(total(&get(4, 0).await), 1, "one computation at a time: this request does not start another");
        tokio::time::sleep(Duration::from_millis(1800)).await;
        assert_eq!(total(&get(5, 0).await), 3, "the background computation's figures once ready");
        st.write(|s| s.create_session(None)).await.unwrap();
        assert_eq!(total(&get(6, 0).await), 6, "a quick computation is waited for: the latest figures");
    }

    /// A burst of reads opens no more connections than `readers`: the others wait their turn,
    /// and every one is answered.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_reads_waits_for_the_readers_it_may_open() {
        use std::sync::atomic::AtomicUsize;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        drop(Store::open(&db).unwrap());
        let st = AppState::open_with(&db, Options { readers: 2, ..Options::new("t".repeat(16)) }).unwrap();
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let reads: Vec<_> = (0..12)
            .map(|_| {
                let (st, now, most) = (st.clone(), now.clone(), most.clone());
                tokio::spawn(async move {
                    st.read(move |s| {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(30));
                        now.fetch_sub(1, Ordering::SeqCst);
                        s.stats(None)
                    })
                    .await
                })
            })
            .collect();
        for r in reads {
            assert!(r.await.unwrap().is_ok());
        }
        assert_eq!(most.load(Ordering::SeqCst), 2, "two reads at a time");
        assert!(st.readers.lock().unwrap().len() <= 2, "two connections kept");
    }
}
