//! What one client can hold: connections and their time, request bodies.
//!
//! Connections. [`axum::serve`] drives each connection with hyper, which sets no timeout of its
//! own there; so the listener ([`Guarded`]) hands hyper a socket with a watchdog ([`Watched`]):
//!
//! - a request head (request line and headers) must arrive within `header_timeout` of the
//!   moment the server starts waiting for it — the connection's opening, or the first byte of
//!   the next request on a kept-alive connection — so a half-sent head is dropped;
//! - a kept-alive connection may sit idle between requests for `idle_timeout`;
//! - a response the client stops reading (a write that makes no progress for `idle_timeout`)
//!   ends the connection, as does a request body that stalls that long (tower-http's
//!   [`RequestBodyTimeoutLayer`](tower_http::timeout::RequestBodyTimeoutLayer), set in
//!   [`crate::serve_on`]);
//! - while a request is being handled, no clock runs: a slow query or a long upload is not cut.
//!
//! The phases are those of Go's `net/http` (`ReadHeaderTimeout`, `IdleTimeout`). hyper's own
//! `header_read_timeout` was not enough: it starts when a kept-alive connection turns idle, so
//! the idle and header-read limits could not differ. A middleware ([`track`]) tells the watchdog
//! when a request starts and when its response has been sent.
//!
//! At most `max_connections` are open at once: beyond, a new connection is answered 503 and
//! closed at once (no work, no memory kept for it).
//!
//! Bodies. A request body is read up to a limit ([`body_cap`]): the upload routes take a
//! document of up to `--max-doc-size` bytes (in a body of up to [`upload_limit`]), every other
//! route [`SMALL_BODY`]. A body announced larger (Content-Length) is refused before it is read; one
//! that grows past the limit while read is cut there. Both answer 413 naming the size and the
//! limit — JSON under `/api`, the error page elsewhere.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::serve::{IncomingStream, Listener};
use bytes::Bytes;
use http_body::Frame;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

use crate::error::{AppError, Payload};
use crate::i18n::Lang;
use crate::state::AppState;

/// The time and connection limits of a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most time from the start of a request (a new connection, or the first byte of the next
    /// request on a kept-alive one) to the end of its head.
    pub header_timeout: Duration,
    /// Most time a kept-alive connection waits for its next request; also the longest pause
    /// allowed in a request body or in the client's reading of a response.
    pub idle_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
}

impl Default for Limits {
    /// 10 s for a head, 60 s idle, 512 connections.
    fn default() -> Limits {
        Limits { header_timeout: Duration::from_secs(10), idle_timeout: Duration::from_secs(60), max_connections: 512 }
    }
}

/// Largest request body of a route that takes no document (a correction, a status change, the
/// sign-in form).
pub const SMALL_BODY: u64 = 256 * 1024;

/// The routes that take a document: `POST` here reads up to [`upload_limit`].
const UPLOADS: &[&str] = &["/upload", "/api/v1/documents"];

/// Largest request body of an upload route: twice the document (a JSON client may write every
/// letter with a diacritic as a `\uXXXX` escape: Vietnamese text grows by about half) and room
/// for the form around it. The document itself is then held to the limit.
pub fn upload_limit(max_doc_bytes: u64) -> u64 {
    max_doc_bytes.saturating_mul(2).saturating_add(64 * 1024)
}

/// The limit a request's body is read under, for the extractors' rejections.
#[derive(Debug, Clone, Copy)]
pub struct BodyCap {
    /// What is limited.
    pub what: Payload,
    /// The limit shown (for an upload: the document's).
    pub limit: u64,
}

impl BodyCap {
    /// The 413 of a body found too large while read (its size unknown: no Content-Length).
    pub fn error(self) -> AppError {
        AppError::TooLarge { what: self.what, size: None, limit: self.limit }
    }
}

/// Every request: its body limited by route; a larger Content-Length refused (413) unread.
pub async fn body_cap(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let upload = req.method() == Method::POST && UPLOADS.contains(&req.uri().path());
    let (cap, read) = if upload {
        (BodyCap { what: Payload::Upload, limit: state.max_doc_bytes }, upload_limit(state.max_doc_bytes))
    } else {
        (BodyCap { what: Payload::Body, limit: SMALL_BODY }, SMALL_BODY)
    };
    // The size announced: Content-Length (hyper's body knows it as its exact size hint).
    let size = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let size = size.or_else(|| http_body::Body::size_hint(req.body()).exact());
    if let Some(size) = size.filter(|&s| s > read) {
        return error_response(req, AppError::TooLarge { what: cap.what, size: Some(size), limit: cap.limit }).await;
    }
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(cap);
    let body = Body::new(http_body_util::Limited::new(body, usize::try_from(read).unwrap_or(usize::MAX)));
    next.run(Request::from_parts(parts, body)).await
}

/// An error answered before routing: JSON under `/api`, else the error page in the request's
/// language.
pub async fn error_response(req: Request, e: AppError) -> Response {
    if req.uri().path().starts_with("/api/") {
        return e.into_response();
    }
    let (mut parts, _) = req.into_parts();
    let lang = Lang::from_request_parts(&mut parts, &()).await.unwrap_or_default();
    crate::pages::PageError(e, lang).into_response()
}

/// The listener: at most `max_connections` open, each socket watched.
pub struct Guarded {
    listener: TcpListener,
    permits: Arc<Semaphore>,
    limits: Limits,
    /// When the cap was last reported (once a minute at most).
    reported: Option<Instant>,
}

impl Guarded {
    /// Watches the connections `listener` accepts.
    pub fn new(listener: TcpListener, limits: Limits) -> Guarded {
        Guarded { listener, permits: Arc::new(Semaphore::new(limits.max_connections.max(1))), limits, reported: None }
    }

    fn refuse(&mut self, stream: &TcpStream) {
        // Best effort, never waiting: the socket's buffer takes these few bytes.
        let _ = stream.try_write(BUSY);
        if self.reported.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
            self.reported = Some(Instant::now());
            eprintln!("chidao: {} connections open (--max-connections): refusing new ones with 503 until some close", self.limits.max_connections);
        }
    }
}

/// The answer to a connection beyond the cap.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nx-content-type-options: nosniff\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: 64\r\n\r\nchidao: too many connections open; try again in a few seconds.\r\n";

impl Listener for Guarded {
    type Io = Watched;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Watched, SocketAddr) {
        loop {
            // axum's accept loop for a TcpListener (it waits out errors such as too many files).
            let (stream, addr) = Listener::accept(&mut self.listener).await;
            match self.permits.clone().try_acquire_owned() {
                Ok(permit) => return (Watched::new(stream, self.limits, permit), addr),
                Err(_) => self.refuse(&stream),
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

/// What a connection is doing, as its watchdog sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for (the rest of) a request head, since then.
    Head(Instant),
    /// Between requests, since then.
    Idle(Instant),
    /// Requests in flight (handled, or their responses being sent).
    Busy(usize),
}

/// A connection's phase, shared by its socket and its requests: `ConnectInfo` of every request
/// served through [`Guarded`].
#[derive(Debug, Clone)]
pub struct Conn(Arc<Mutex<Phase>>);

impl Conn {
    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A request starts: the clocks stop until its response is sent.
    fn start(&self) -> Busy {
        let mut p = self.phase();
        *p = match *p {
            Phase::Busy(n) => Phase::Busy(n + 1),
            _ => Phase::Busy(1),
        };
        Busy(self.clone())
    }
}

impl Connected<IncomingStream<'_, Guarded>> for Conn {
    fn connect_info(stream: IncomingStream<'_, Guarded>) -> Conn {
        stream.io().conn.clone()
    }
}

/// A request in flight; dropped with its response body (sent, or abandoned).
struct Busy(Conn);

impl Drop for Busy {
    fn drop(&mut self) {
        let mut p = self.0.phase();
        *p = match *p {
            Phase::Busy(n) if n > 1 => Phase::Busy(n - 1),
            _ => Phase::Idle(Instant::now()),
        };
    }
}

/// Marks each request of a watched connection in flight until its response body is dropped.
pub async fn track(req: Request, next: Next) -> Response {
    let Some(ConnectInfo(conn)) = req.extensions().get::<ConnectInfo<Conn>>().cloned() else {
        return next.run(req).await;
    };
    let busy = conn.start();
    next.run(req).await.map(|body| Body::new(Tracked { body, _busy: busy }))
}

/// A response body that keeps its request in flight.
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// A connection's socket with its watchdog: reads past the phase's deadline, and writes that
/// make no progress for the idle timeout, fail (hyper then closes the connection).
pub struct Watched {
    io: TcpStream,
    conn: Conn,
    limits: Limits,
    /// Since when writes have been blocked (the client does not read).
    stalled: Option<Instant>,
    timer: Pin<Box<Sleep>>,
    _permit: OwnedSemaphorePermit,
}

impl Watched {
    fn new(io: TcpStream, limits: Limits, permit: OwnedSemaphorePermit) -> Watched {
        let now = Instant::now();
        Watched {
            io,
            conn: Conn(Arc::new(Mutex::new(Phase::Head(now)))),
            limits,
            stalled: None,
            timer: Box::pin(tokio::time::sleep_until(now + limits.header_timeout)),
            _permit: permit,
        }
    }

    /// The moment the connection is given up, if a clock runs.
    fn deadline(&self) -> Option<Instant> {
        let read = match *self.conn.phase() {
            Phase::Head(t) => Some(t + self.limits.header_timeout),
            Phase::Idle(t) => Some(t + self.limits.idle_timeout),
            Phase::Busy(_) => None,
        };
        let write = self.stalled.map(|t| t + self.limits.idle_timeout);
        read.into_iter().chain(write).min()
    }

    /// Called when the socket is not ready: true once the deadline has passed (else the timer
    /// wakes the connection then).
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(deadline) = self.deadline() else { return false };
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        self.timer.as_mut().poll(cx).is_ready()
    }

    fn timed_out(&self) -> io::Error {
        let what = match *self.conn.phase() {
            Phase::Head(_) => "no complete request head within the header timeout",
            Phase::Idle(_) => "idle past the idle timeout",
            Phase::Busy(_) => "the client stopped reading",
        };
        io::Error::new(io::ErrorKind::TimedOut, what)
    }

    fn wrote(&mut self, r: Poll<io::Result<usize>>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        match r {
            Poll::Pending => {
                self.stalled.get_or_insert_with(Instant::now);
                if self.expired(cx) { Poll::Ready(Err(self.timed_out())) } else { Poll::Pending }
            }
            done => {
                self.stalled = None;
                done
            }
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Pending => {
                if self.expired(cx) { Poll::Ready(Err(self.timed_out())) } else { Poll::Pending }
            }
            Poll::Ready(Ok(())) if buf.filled().len() > before => {
                // The first bytes of the next request: its head's clock starts.
                let mut p = self.conn.phase();
                if matches!(*p, Phase::Idle(_)) {
                    *p = Phase::Head(Instant::now());
                }
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write(cx, buf);
        self.wrote(r, cx)
    }

    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.wrote(r, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
