//! Signed-in browsers: `/login` checks the token once and gives the browser a random session id
//! in its cookie (never the token itself, which would then sit in the browser's cookie store and
//! in every request); sign-out revokes the id on the server.
//!
//! Sessions live in the register (table `user_sessions`, by the hash of their id: a restart signs
//! nobody out). This in-memory table is the fallback of a read-only register, where reading
//! beyond loopback still needs a sign-in: those sessions end with the process. At most [`MAX`]
//! are kept (the oldest goes first) and each lasts [`LIFETIME`].

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::ServerError;

/// Most sessions kept at once.
pub const MAX: usize = 1000;

/// How long a session lasts.
pub const LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// The live sessions: id → when it was made, and the user (`None`: the token's holder).
#[derive(Debug, Default)]
pub struct Sessions(Mutex<HashMap<String, (Instant, Option<i64>)>>);

impl Sessions {
    /// A new session (256 random bits, as 64 hex digits).
    pub fn create(&self, user: Option<i64>) -> Result<String, ServerError> {
        let mut b = [0u8; 32];
        getrandom::fill(&mut b).map_err(|e| ServerError::Random(e.to_string()))?;
        let id: String = b.iter().map(|x| format!("{x:02x}")).collect();
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, (made, _)| made.elapsed() < LIFETIME);
        if map.len() >= MAX
            && let Some(oldest) = map.iter().min_by_key(|(_, (made, _))| *made).map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(id.clone(), (Instant::now(), user));
        Ok(id)
    }

    /// The user of a live session (`Some(None)`: the token's holder); `None` when `id` is none.
    pub fn valid(&self, id: &str) -> Option<Option<i64>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).get(id).filter(|(made, _)| made.elapsed() < LIFETIME).map(|(_, u)| *u)
    }

    /// Ends a session (sign-out).
    pub fn revoke(&self, id: &str) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_checked_revoked_and_capped() {
        let s = Sessions::default();
        let a = s.create(Some(3)).unwrap();
        assert_eq!(a.len(), 64);
        assert_eq!(s.valid(&a), Some(Some(3)));
        assert!(s.valid("0000").is_none());
        s.revoke(&a);
        assert!(s.valid(&a).is_none());
        let first = s.create(None).unwrap();
        assert_eq!(s.valid(&first), Some(None));
        for _ in 0..MAX {
            s.create(None).unwrap();
        }
        assert!(s.valid(&first).is_none(), "the oldest went first");
        assert_eq!(s.0.lock().unwrap().len(), MAX);
    }
}
