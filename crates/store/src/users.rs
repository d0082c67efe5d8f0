//! Named users of the register, their roles, the browsers they signed in and their API tokens.
//!
//! A password is kept as an argon2id hash (a PHC string: algorithm, parameters and salt travel
//! with it). A session id or an API token is 256 random bits handed to the user once; the
//! register keeps only its SHA-256 (a slow hash buys nothing against guessing 256 bits, and a
//! look-up must stay fast), so a copy of the register signs nobody in. Sessions live here, not in
//! the server's memory, so that a restart signs nobody out; signing out deletes the row.
//!
//! Roles: a viewer reads; an editor also changes task statuses, corrects facts and uploads; an
//! admin also manages users and re-ingests. An editor may be scoped to a unit: then only tasks
//! whose assignee is that unit (by [`chidao_extract::unit::unit_key`]) are theirs to change.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::{Row, args};
use crate::error::{Result, StoreError};
use crate::{Store, dates};

/// What a user may do; ordered: each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads.
    Viewer,
    /// Reads; changes task statuses, corrects facts, uploads documents.
    Editor,
    /// All of that; manages users, re-ingests documents.
    Admin,
}

impl Role {
    /// Every role, least first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Editor, Role::Admin];

    /// As stored and typed (`viewer`, `editor`, `admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// A role from its name; anything else is [`StoreError::Invalid`] naming the three.
    pub fn parse(s: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| StoreError::Invalid(format!("{s:?}: a role is one of viewer, editor, admin")))
    }
}

/// A user as the register knows them (never their password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Sign-in name (unique in any case).
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// The unit they are scoped to, as typed (editors of one unit's tasks).
    pub unit: Option<String>,
    /// Its unit key (compared with a task's assignee key).
    #[serde(skip)]
    pub unit_key: Option<String>,
    /// When the account was made (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub created_at: String,
}

impl User {
    /// Whether this user may change a task assigned to `assignee` (its text as written): any
    /// task without a unit scope; with one, only tasks of that unit.
    pub fn may_change_task_of(&self, assignee: Option<&str>) -> bool {
        match &self.unit_key {
            None => true,
            Some(k) => assignee.is_some_and(|a| chidao_extract::unit::unit_key(a) == *k),
        }
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

/// Longest user name.
const MAX_NAME: usize = 64;

/// How long a session lasts, in seconds (7 days).
pub const SESSION_SECS: u64 = 7 * 24 * 3600;

fn invalid(s: impl Into<String>) -> StoreError {
    StoreError::Invalid(s.into())
}

/// 256 random bits as 64 hex digits.
pub fn random_id() -> Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| StoreError::Invalid(format!("no randomness from the system: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// SHA-256 of a session id or token, hex.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.trim().as_bytes()).iter().map(|x| format!("{x:02x}")).collect()
}

/// An argon2id hash of a password (PHC string, random salt).
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(invalid(format!("a password has at least {MIN_PASSWORD} characters")));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| invalid(format!("no randomness from the system: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| invalid(format!("password salt: {e}")))?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt).map_err(|e| invalid(format!("password hash: {e}")))?.to_string())
}

/// Whether `password` matches a stored PHC string (a malformed one matches nothing).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A hash to check against when the name is unknown, so that an unknown name takes as long as a
/// wrong password (the answer's time does not tell which names exist).
static DUMMY: LazyLock<Option<String>> = LazyLock::new(|| hash_password("not a password of anyone").ok());

/// A user name: trimmed, NFC, 1–64 characters, no control characters, no `:` (reserved for
/// the names the server gives, `token:…`).
/// The key a name is found by: NFC, trimmed, lower case.
fn name_key(name: &str) -> String {
    chidao_text::nfc(name.trim()).to_lowercase()
}

fn check_name(name: &str) -> Result<String> {
    let n = chidao_text::nfc(name.trim()).into_owned();
    if n.is_empty() || n.chars().count() > MAX_NAME || n.chars().any(|c| c.is_control() || c == ':') {
        return Err(invalid(format!("{name:?}: a user name has 1 to {MAX_NAME} characters, without control characters or ':'")));
    }
    Ok(n)
}

const USER_COLS: &str = "id, name, role, unit, unit_key, created_at";

fn row_to_user(r: &Row<'_>) -> Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        unit: r.get(3)?,
        unit_key: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// A unit scope as typed and its key; a blank one is none.
fn unit_scope(unit: Option<&str>) -> Result<(Option<String>, Option<String>)> {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        None => Ok((None, None)),
        Some(u) => {
            let u = crate::corrections::check_text("unit", u)?;
            let key = chidao_extract::unit::unit_key(&u);
            if key.is_empty() {
                return Err(invalid(format!("{u:?}: not a unit's name")));
            }
            Ok((Some(u), Some(key)))
        }
    }
}

impl Store {
    /// How many users the register has (none: the server works as with the access token only).
    pub fn user_count(&self) -> Result<i64> {
        self.db().one("SELECT COUNT(*) FROM users", args![])
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        self.db().rows(&format!("SELECT {USER_COLS} FROM users ORDER BY name"), args![], row_to_user)
    }

    /// A user by name (case-insensitive).
    pub fn user(&self, name: &str) -> Result<Option<User>> {
        self.db().row_opt(&format!("SELECT {USER_COLS} FROM users WHERE name_key = ?1"), args![name_key(name)], row_to_user)
    }

    /// A user by id.
    pub fn user_by_id(&self, id: i64) -> Result<Option<User>> {
        self.db().row_opt(&format!("SELECT {USER_COLS} FROM users WHERE id = ?1"), args![id], row_to_user)
    }

    fn need_user(&self, name: &str) -> Result<User> {
        self.user(name)?.ok_or_else(|| StoreError::NotFound(format!("{name}: no such user")))
    }

    /// Adds a user. A name taken (in any case) is [`StoreError::Invalid`].
    pub fn add_user(&mut self, name: &str, role: Role, unit: Option<&str>, password: &str) -> Result<User> {
        let name = check_name(name)?;
        if self.user(&name)?.is_some() {
            return Err(invalid(format!("{name}: a user of this name exists")));
        }
        let (unit, key) = unit_scope(unit)?;
        let hash = hash_password(password)?;
        self.db().exec(
            "INSERT INTO users (name, name_key, role, unit, unit_key, password, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![name, name_key(&name), role.as_str(), unit, key, hash, dates::now()],
        )?;
        self.need_user(&name)
    }

    /// Sets a user's role and unit scope (`None`: no scope). The last admin cannot stop being
    /// one (nobody could manage users then).
    pub fn set_role(&mut self, name: &str, role: Role, unit: Option<&str>) -> Result<User> {
        let u = self.need_user(name)?;
        if u.role == Role::Admin && role != Role::Admin && self.admins()? <= 1 {
            return Err(invalid(format!("{}: the last admin stays an admin (make another admin first)", u.name)));
        }
        let (unit, key) = unit_scope(unit)?;
        self.db().exec("UPDATE users SET role = ?2, unit = ?3, unit_key = ?4 WHERE id = ?1", args![u.id, role.as_str(), unit, key])?;
        self.need_user(&u.name)
    }

    fn admins(&self) -> Result<i64> {
        self.db().one("SELECT COUNT(*) FROM users WHERE role = 'admin'", args![])
    }

    /// Sets a user's password; their sessions end (whoever had it signed in must sign in again).
    pub fn set_password(&mut self, name: &str, password: &str) -> Result<User> {
        let u = self.need_user(name)?;
        let hash = hash_password(password)?;
        let tx = self.write()?;
        tx.db().exec("UPDATE users SET password = ?2 WHERE id = ?1", args![u.id, hash])?;
        tx.db().exec("DELETE FROM user_sessions WHERE user_id = ?1", args![u.id])?;
        tx.commit()?;
        Ok(u)
    }

    /// Removes a user with their sessions and tokens. The last admin stays while other users do.
    pub fn remove_user(&mut self, name: &str) -> Result<User> {
        let u = self.need_user(name)?;
        if u.role == Role::Admin && self.admins()? <= 1 && self.user_count()? > 1 {
            return Err(invalid(format!("{}: the last admin is not removed while other users remain", u.name)));
        }
        let tx = self.write()?;
        tx.db().exec("DELETE FROM user_sessions WHERE user_id = ?1", args![u.id])?;
        tx.db().exec("DELETE FROM user_tokens WHERE user_id = ?1", args![u.id])?;
        tx.db().exec("DELETE FROM users WHERE id = ?1", args![u.id])?;
        tx.commit()?;
        Ok(u)
    }

    /// The user of a name and password, if they match. An unknown name costs as much time as a
    /// wrong password.
    pub fn check_password(&self, name: &str, password: &str) -> Result<Option<User>> {
        let found: Option<(i64, String)> =
            self.db().row_opt("SELECT id, password FROM users WHERE name_key = ?1", args![name_key(name)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        match found {
            Some((id, phc)) if verify_password(password, &phc) => self.user_by_id(id),
            Some(_) => Ok(None),
            None => {
                if let Some(d) = DUMMY.as_deref() {
                    verify_password(password, d);
                }
                Ok(None)
            }
        }
    }

    /// A new session for a user (`None`: the holder of the access token), lasting
    /// [`SESSION_SECS`]; returns its id (only its hash is kept). Expired sessions are dropped.
    pub fn create_session(&mut self, user: Option<i64>) -> Result<String> {
        let id = random_id()?;
        let now = dates::now();
        let tx = self.write()?;
        tx.db().exec("DELETE FROM user_sessions WHERE expires_at <= ?1", args![now])?;
        tx.db().exec(
            "INSERT INTO user_sessions (id_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            args![digest(&id), user, now, dates::in_secs(SESSION_SECS)],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A live session: `Some(None)` for the access token's holder, `Some(Some(user))` for a user,
    /// `None` when there is no such live session.
    pub fn session(&self, id: &str) -> Result<Option<Option<User>>> {
        let row: Option<Option<i64>> =
            self.db().row_opt("SELECT user_id FROM user_sessions WHERE id_hash = ?1 AND expires_at > ?2", args![digest(id), dates::now()], |r| r.get(0))?;
        match row {
            None => Ok(None),
            Some(None) => Ok(Some(None)),
            Some(Some(uid)) => Ok(self.user_by_id(uid)?.map(Some)),
        }
    }

    /// Ends a session (sign-out); an unknown one is no error.
    pub fn revoke_session(&mut self, id: &str) -> Result<()> {
        self.db().exec("DELETE FROM user_sessions WHERE id_hash = ?1", args![digest(id)])?;
        Ok(())
    }

    /// A new API token for a user (shown once; only its hash is kept).
    pub fn issue_token(&mut self, name: &str) -> Result<(User, String)> {
        let u = self.need_user(name)?;
        let token = format!("chidao_{}", random_id()?);
        self.db().exec("INSERT INTO user_tokens (hash, user_id, created_at) VALUES (?1, ?2, ?3)", args![digest(&token), u.id, dates::now()])?;
        Ok((u, token))
    }

    /// The user an API token belongs to.
    pub fn token_user(&self, token: &str) -> Result<Option<User>> {
        let uid: Option<i64> = self.db().row_opt("SELECT user_id FROM user_tokens WHERE hash = ?1", args![digest(token)], |r| r.get(0))?;
        match uid {
            Some(id) => self.user_by_id(id),
            None => Ok(None),
        }
    }

    /// The assignee of a task as it stands (a person's correction of it applied), by the task's
    /// key: what a unit-scoped editor is checked against.
    pub fn task_assignee(&self, key: &str) -> Result<Option<String>> {
        if let Some(n) = key.strip_prefix("user-") {
            let n: i64 = n.parse().map_err(|_| invalid(format!("{key}: not a task id")))?;
            let v: Option<String> = self.db().row_opt("SELECT value FROM corrections WHERE id = ?1", args![n], |r| r.get(0))?.flatten();
            let v: Option<serde_json::Value> = v.and_then(|v| serde_json::from_str(&v).ok());
            return Ok(v.and_then(|v| v.get("assignee").and_then(|a| a.as_str()).map(str::to_string)));
        }
        let row: Option<(String, i64, i64, Option<String>)> = self.db().row_opt(
            "SELECT d.ext_id, t.start, t.end, t.assignee FROM tasks t JOIN documents d ON d.id = t.doc WHERE t.key = ?1 LIMIT 1",
            args![key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let Some((doc, s, e, assignee)) = row else { return Ok(None) };
        let ov = self.overlay(Some(&doc), Some("task"))?;
        match ov.edit(&doc, "task", (s as usize, e as usize), "assignee") {
            Some(c) => Ok(c.value.clone()),
            None => Ok(assignee),
        }
    }

    /// The keys of the tasks whose status `name` has changed (the task log's author): the tasks
    /// a user follows, for their calendar.
    pub fn tasks_updated_by(&self, name: &str) -> Result<Vec<String>> {
        self.db().rows("SELECT DISTINCT key FROM task_log WHERE author = ?1 ORDER BY key", args![name], |r| r.get(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_roles_sessions_tokens() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.user_count().unwrap(), 0);
        let a = s.add_user("Quản trị", Role::Admin, None, "mật khẩu dài").unwrap();
        assert_eq!(a.role, Role::Admin);
        assert!(s.add_user("quản trị", Role::Viewer, None, "mật khẩu dài").is_err(), "names are unique in any case");
        assert!(s.add_user("ngắn", Role::Viewer, None, "short").is_err(), "a short password is refused");
        assert!(s.add_user("a:b", Role::Viewer, None, "mật khẩu dài").is_err());
        let e = s.add_user("cán bộ", Role::Editor, Some("UBND tỉnh"), "mật khẩu hai").unwrap();
        assert_eq!(e.unit_key.as_deref(), Some(chidao_extract::unit::unit_key("Ủy ban nhân dân tỉnh").as_str()));
        assert!(e.may_change_task_of(Some("Ủy ban nhân dân tỉnh")));
        assert!(!e.may_change_task_of(Some("Công an tỉnh")));
        assert!(!e.may_change_task_of(None));
        assert!(a.may_change_task_of(None));

        assert_eq!(s.check_password("CÁN BỘ", "mật khẩu hai").unwrap().map(|u| u.id), Some(e.id));
        assert!(s.check_password("cán bộ", "sai mật khẩu").unwrap().is_none());
        assert!(s.check_password("không có", "mật khẩu hai").unwrap().is_none());

        let sid = s.create_session(Some(e.id)).unwrap();
        assert_eq!(s.session(&sid).unwrap().flatten().map(|u| u.name), Some("cán bộ".into()));
        let stored: String = s.connection().query_row("SELECT id_hash FROM user_sessions", [], |r| r.get(0)).unwrap();
        assert_ne!(stored, sid, "only the hash is kept");
        s.revoke_session(&sid).unwrap();
        assert!(s.session(&sid).unwrap().is_none());
        let t = s.create_session(None).unwrap();
        assert_eq!(s.session(&t).unwrap(), Some(None));

        let (_, tok) = s.issue_token("cán bộ").unwrap();
        assert_eq!(s.token_user(&tok).unwrap().map(|u| u.id), Some(e.id));
        assert!(s.token_user("chidao_0000").unwrap().is_none());

        let sid = s.create_session(Some(e.id)).unwrap();
        s.set_password("cán bộ", "mật khẩu mới").unwrap();
        assert!(s.session(&sid).unwrap().is_none(), "a new password ends the sessions");
        assert!(s.check_password("cán bộ", "mật khẩu mới").unwrap().is_some());

        assert!(s.set_role("quản trị", Role::Editor, None).is_err(), "the last admin stays");
        assert!(s.remove_user("quản trị").is_err());
        let e = s.set_role("cán bộ", Role::Viewer, None).unwrap();
        assert_eq!((e.role, e.unit), (Role::Viewer, None));
        s.remove_user("cán bộ").unwrap();
        assert!(s.token_user(&tok).unwrap().is_none(), "tokens go with their user");
        assert_eq!(s.users().unwrap().len(), 1);
        assert!(Role::parse("owner").is_err());
        assert_eq!(Role::parse(" Editor ").unwrap(), Role::Editor);
    }

    #[test]
    fn hashes_are_argon2id_phc_strings() {
        let h = hash_password("mật khẩu dài").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("mật khẩu dài", &h));
        assert!(!verify_password("mật khẩu dai", &h));
        assert!(!verify_password("x", "not a hash"));
    }
}
