//! `chidao user …` as an admin runs it: the password from standard input (never the command
//! line), roles, a unit scope, an API token printed once, a bad role or a short password refused
//! with a message, `serve --tz` checked.

mod common;

use common::chidao;
use predicates::str::contains;

#[test]
fn users_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let user = |args: &[&str]| {
        let mut c = chidao();
        c.arg("user").args(args).arg("--db").arg(&db);
        c
    };
    user(&["add", "quantri", "--role", "admin", "--password-stdin"]).write_stdin("mật khẩu quản trị\n").assert().success().stdout(contains("quantri: admin"));
    user(&["add", "canbo", "--role", "editor", "--unit", "Công an tỉnh", "--password-stdin"])
        .write_stdin("mật khẩu cán bộ\n")
        .assert()
        .success()
        .stdout(contains("(Công an tỉnh)"));
    user(&["add", "canbo", "--role", "viewer", "--password-stdin"]).write_stdin("mật khẩu khác\n").assert().failure().stderr(contains("exists"));
    user(&["add", "ngan", "--password-stdin"]).write_stdin("short\n").assert().failure().stderr(contains("at least 8"));
    user(&["add", "x", "--role", "owner", "--password-stdin"]).assert().failure().stderr(contains("owner"));
    // Without a terminal and without --password-stdin: a message, not a hang.
    user(&["add", "khach"]).write_stdin("").assert().failure().stderr(contains("--password-stdin"));
    let list = user(&["list"]).assert().success().get_output().stdout.clone();
    let list = String::from_utf8(list).unwrap();
    assert!(list.contains("quantri\tadmin") && list.contains("canbo\teditor\tCông an tỉnh"), "{list}");
    user(&["role", "canbo", "--role", "viewer"]).assert().success().stdout(contains("canbo: viewer"));
    let out = user(&["token", "canbo"]).assert().success().get_output().stdout.clone();
    let token = String::from_utf8(out).unwrap();
    assert!(token.trim().starts_with("chidao_") && token.trim().len() > 60, "{token}");
    let s = chidao_store::Store::open(&db).unwrap();
    assert_eq!(s.token_user(token.trim()).unwrap().map(|u| u.name), Some("canbo".into()));
    drop(s);
    user(&["passwd", "canbo", "--password-stdin"]).write_stdin("mật khẩu mới đây\n").assert().success();
    user(&["remove", "quantri"]).assert().failure().stderr(contains("last admin"));
    user(&["remove", "canbo"]).assert().success();
    chidao().args(["serve", "--addr", "127.0.0.1:0", "--tz", "Asia/Nowhere", "--db"]).arg(&db).assert().failure().stderr(contains("not a time zone"));
}
