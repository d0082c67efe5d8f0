//! Signed-in browsers: `/login` checks the token once and gives the browser a random session id
//! in its cookie (never the token itself, which would then sit in the browser's cookie store and
//! in every request); sign-out revokes the id on the server.
//!
//! Sessions live in the server's memory, not in the register: they work on a read-only register
//! (where reading beyond loopback still needs a sign-in), they add no table to migrate, and they
//! end with the process — as the token printed at start does when none was given. At most
//! [`MAX`] are kept (the oldest goes first) and each lasts [`LIFETIME`].

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::ServerError;

/// Most sessions kept at once.
pub const MAX: usize = 1000;

/// How long a session lasts.
pub const LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// The live sessions: id → when it was made.
#[derive(Debug, Default)]
pub struct Sessions(Mutex<HashMap<String, Instant>>);

impl Sessions {
    /// A new session (256 random bits, as 64 hex digits).
    pub fn create(&self) -> Result<String, ServerError> {
        let mut b = [0u8; 32];
        getrandom::fill(&mut b).map_err(|e| ServerError::Random(e.to_string()))?;
        let id: String = b.iter().map(|x| format!("{x:02x}")).collect();
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, made| made.elapsed() < LIFETIME);
        if map.len() >= MAX
            && let Some(oldest) = map.iter().min_by_key(|(_, made)| **made).map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(id.clone(), Instant::now());
        Ok(id)
    }

    /// Whether `id` is a live session.
    pub fn valid(&self, id: &str) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).get(id).is_some_and(|made| made.elapsed() < LIFETIME)
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
        let a = s.create().unwrap();
        assert_eq!(a.len(), 64);
        assert!(s.valid(&a));
        assert!(!s.valid("0000"));
        s.revoke(&a);
        assert!(!s.valid(&a));
        let first = s.create().unwrap();
        for _ in 0..MAX {
            s.create().unwrap();
        }
        assert!(!s.valid(&first), "the oldest went first");
        assert_eq!(s.0.lock().unwrap().len(), MAX);
    }
}
