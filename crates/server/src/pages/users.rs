//! `/users` (admins): the register's users — add one, set a role and unit scope, remove one.

use axum::extract::State;
use maud::html;
use serde::Deserialize;

use super::{A, Ctx, F, P, PageResult, S, layout_with, page_err, see_other_with};
use chidao_store::Role;

/// `GET /users`.
pub async fn page(State(st): State<S>, ctx: Ctx, _a: A) -> PageResult {
    let err = page_err(ctx.lang);
    let users = st.read(|s| s.users()).await.map_err(&err)?;
    let role_select = |current: Role| {
        html! {
            select name="role" aria-label=(ctx.t("users.role")) {
                @for r in Role::ALL { option value=(r.as_str()) selected[r == current] { (ctx.t(&format!("role.{}", r.as_str()))) } }
            }
        }
    };
    let body = html! {
        (super::flash(&ctx, None))
        h1 { (ctx.t("users.title")) }
        p { (ctx.t("users.explain")) }
        table.users {
            thead { tr { th { (ctx.t("auth.name")) } th { (ctx.t("users.role")) } th { (ctx.t("users.unit")) } th { (ctx.t("users.since")) } th {} } }
            tbody {
                @for u in &users {
                    tr {
                        td { (u.name) " " a.cal href=(format!("/calendar/user/{}.ics", super::enc(&u.name))) title=(ctx.t("users.calendar_hint")) { "📅" } }
                        td colspan="2" {
                            form.inline.role method="post" action=(format!("/users/{}/role", super::enc(&u.name))) {
                                (role_select(u.role))
                                " " input type="text" name="unit" value=(u.unit.clone().unwrap_or_default()) placeholder=(ctx.t("users.unit_hint")) aria-label=(ctx.t("users.unit"));
                                " " button type="submit" { (ctx.t("users.set")) }
                            }
                        }
                        td.due { (ctx.local(&u.created_at)) }
                        td {
                            form.inline method="post" action=(format!("/users/{}/remove", super::enc(&u.name))) {
                                button.danger type="submit" { (ctx.t("users.remove")) }
                            }
                        }
                    }
                }
            }
        }
        h2 { (ctx.t("users.add")) }
        form.adduser method="post" action="/users" {
            label { (ctx.t("auth.name")) " " input type="text" name="name" required autocomplete="off"; }
            label { (ctx.t("auth.password")) " " input type="password" name="password" required minlength=(chidao_store::users::MIN_PASSWORD) autocomplete="new-password"; }
            label { (ctx.t("users.role")) " " (role_select(Role::Editor)) }
            label { (ctx.t("users.unit")) " " input type="text" name="unit" placeholder=(ctx.t("users.unit_hint")); }
            button type="submit" { (ctx.t("users.add")) }
        }
    };
    Ok(layout_with(&ctx, ctx.t("users.title"), "users", body))
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    name: String,
    password: String,
    role: String,
    unit: Option<String>,
}

/// `POST /users`: adds a user.
pub async fn add(State(st): State<S>, ctx: Ctx, _a: A, F(f): F<AddForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let role = Role::parse(&f.role).map_err(|e| err(e.into()))?;
    let u = st.write(move |s| s.add_user(&f.name, role, f.unit.as_deref(), &f.password)).await.map_err(&err)?;
    Ok(see_other_with("/users", &format!("msg|flash.user_added|{}", u.name)))
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    role: String,
    unit: Option<String>,
}

/// `POST /users/{name}/role`: sets a role and unit scope.
pub async fn set_role(State(st): State<S>, ctx: Ctx, _a: A, P(name): P<String>, F(f): F<RoleForm>) -> PageResult {
    let err = page_err(ctx.lang);
    let role = Role::parse(&f.role).map_err(|e| err(e.into()))?;
    let u = st.write(move |s| s.set_role(&name, role, f.unit.as_deref())).await.map_err(&err)?;
    Ok(see_other_with("/users", &format!("msg|flash.user_changed|{}", u.name)))
}

/// `POST /users/{name}/remove`: removes a user (their sessions and tokens end).
pub async fn remove(State(st): State<S>, ctx: Ctx, _a: A, P(name): P<String>) -> PageResult {
    let err = page_err(ctx.lang);
    let u = st.write(move |s| s.remove_user(&name)).await.map_err(&err)?;
    Ok(see_other_with("/users", &format!("msg|flash.user_removed|{}", u.name)))
}
