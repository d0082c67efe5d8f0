//! `chidao user …`: the web app's users. Passwords are asked on the terminal (not echoed) or read
//! from standard input (`--password-stdin`); never taken from the command line, where other
//! users of the machine and the shell's history would see them.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chidao_store::{Access, Location, Role, Store};

use crate::args::{RoleArg, UserAction, UserArgs};
use crate::ingest::db_location;

fn role(r: RoleArg) -> Role {
    match r {
        RoleArg::Viewer => Role::Viewer,
        RoleArg::Editor => Role::Editor,
        RoleArg::Admin => Role::Admin,
    }
}

/// The register, upgraded when older; created when there is none (users come before documents).
fn open(a: &UserArgs) -> Result<Store> {
    let at = db_location(&a.db.db);
    let access = match &at {
        Location::File(path) if path.exists() => Access::Upgrade,
        _ => Access::Create,
    };
    Ok(Store::open_reporting(&at, access, &chidao_store::report_on_stderr())?)
}

/// A new password: the first line of standard input, or asked twice on the terminal.
fn password(from_stdin: bool, name: &str) -> Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        let p = line.trim_end_matches(['\n', '\r']).to_string();
        if p.is_empty() {
            bail!("no password on standard input (--password-stdin reads its first line)");
        }
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask the password on: give it on standard input with --password-stdin");
    }
    let p = rpassword::prompt_password(format!("Mật khẩu cho {name} / password for {name}: ")).context("reading the password")?;
    let again = rpassword::prompt_password("Nhập lại / again: ").context("reading the password")?;
    if p != again {
        bail!("the two passwords differ");
    }
    Ok(p)
}

pub fn run(a: UserArgs) -> Result<ExitCode> {
    let mut s = open(&a)?;
    let json = a.db.json;
    match &a.action {
        UserAction::Add { name, role: r, unit, password_stdin } => {
            let p = password(*password_stdin, name)?;
            let u = s.add_user(name, role(*r), unit.as_deref(), &p)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&u)?);
            } else {
                println!("{}: {} {}", u.name, u.role.as_str(), u.unit.as_deref().map(|x| format!("({x})")).unwrap_or_default());
            }
        }
        UserAction::List => {
            let users = s.users()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users)?);
            } else {
                for u in users {
                    println!("{}\t{}\t{}\t{}", u.name, u.role.as_str(), u.unit.unwrap_or_default(), u.created_at);
                }
            }
        }
        UserAction::Passwd { name, password_stdin } => {
            let p = password(*password_stdin, name)?;
            let u = s.set_password(name, &p)?;
            println!("{}: password set; their sessions ended", u.name);
        }
        UserAction::Role { name, role: r, unit } => {
            let u = s.set_role(name, role(*r), unit.as_deref())?;
            println!("{}: {} {}", u.name, u.role.as_str(), u.unit.as_deref().map(|x| format!("({x})")).unwrap_or_default());
        }
        UserAction::Remove { name } => {
            let u = s.remove_user(name)?;
            println!("{}: removed", u.name);
        }
        UserAction::Token { name } => {
            let (u, t) = s.issue_token(name)?;
            eprintln!("chidao: API token for {} (shown once; send it as Authorization: Bearer …):", u.name);
            println!("{t}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
