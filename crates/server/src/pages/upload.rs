//! Adding a document from the browser: paste its text or choose a file (PDF, DOCX, DOC, RTF, HTML,
//! an image, text). It goes through the same read → prepare → extract → store path as
//! `chidao ingest`; the file is kept as the document's original.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{FromRequestParts, Multipart, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use maud::html;

use super::{Ctx, PageResult, S, doc_href, layout, page_err, see_other, url};
use crate::api::ingest;

use crate::error::{AppError, Payload};
use crate::limits::BodyCap;

/// `GET /upload`.
pub async fn page(ctx: Ctx) -> PageResult {
    let body = html! {
        h1 { (ctx.t("upload.title")) }
        p { (ctx.t("upload.explain")) }
        @if !ctx.signed_in {
            p.hint { a href=(url("/login", &[("back", Some("/upload"))])) { (ctx.t("auth.sign_in")) } " " (ctx.t("upload.sign_in")) }
        } @else if !ctx.can_edit {
            p.hint { (ctx.t("auth.viewer_only")) }
        }
        @if ctx.can_edit || !ctx.signed_in {
        form.upload method="post" action="/upload" enctype="multipart/form-data" {
            label { (ctx.t("upload.id")) " " input type="text" name="id" placeholder=(ctx.t("upload.id_hint")) size="40"; }
            label.block { (ctx.t("upload.text")) textarea name="text" rows="14" {} }
            label { (ctx.t("upload.file")) " " input type="file" name="file" accept=".txt,.pdf,.docx,.doc,.rtf,.htm,.html,.png,.jpg,.jpeg,.tif,.tiff,text/plain,application/pdf"; }
            fieldset.meta {
                legend { (ctx.t("upload.meta")) }
                label { (ctx.t("upload.date")) " " input type="text" name="date" placeholder="14/5/2024" size="12"; }
                " " label { (ctx.t("upload.published")) " " input type="text" name="published" placeholder="14/5/2024" size="12"; }
                " " label { (ctx.t("upload.source")) " " input type="text" name="source" size="24"; }
                " " label { (ctx.t("upload.url")) " " input type="url" name="url" size="40"; }
            }
            @if ctx.is_admin() || !ctx.signed_in {
                label.block { input type="checkbox" name="replace" value="true"; " " (ctx.t("upload.replace")) }
            }
            button type="submit" disabled[!ctx.signed_in] { (ctx.t("upload.go")) }
        }
        }
    };
    Ok(layout(&ctx, ctx.t("upload.title"), "upload", body))
}

/// `POST /upload` (multipart: `id`, `text` and/or `file`).
pub async fn submit(State(st): State<S>, ctx: Ctx, super::W(who): super::W, cap: Cap, form: Result<Multipart, MultipartRejection>) -> PageResult {
    let err = page_err(ctx.lang);
    // A body past the limit is a 413 naming it (in the page's language), not a parse error.
    let bad = |what: &str, status: StatusCode, e: String| {
        if status == StatusCode::PAYLOAD_TOO_LARGE { err(cap.0.error()) } else { err(AppError::BadRequest(format!("{what}: {e}"))) }
    };
    let mut form = form.map_err(|e| bad("bad upload", e.status(), e.body_text()))?;
    let (mut id, mut text, mut file, mut file_name, mut replace) = (None, None, None, None, false);
    // What the uploader says of the document: date, published, source, url.
    let mut meta: [Option<String>; 4] = Default::default();
    while let Some(field) = form.next_field().await.map_err(|e| bad("bad upload", e.status(), e.body_text()))? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "id" => id = Some(field.text().await.map_err(|e| bad("id", e.status(), e.body_text()))?),
            "text" => text = Some(field.text().await.map_err(|e| bad("text", e.status(), e.body_text()))?),
            "date" | "published" | "source" | "url" => {
                let i = ["date", "published", "source", "url"].iter().position(|f| *f == name).unwrap_or(0);
                meta[i] = Some(field.text().await.map_err(|e| bad(&name, e.status(), e.body_text()))?);
            }
            "replace" => replace = field.text().await.map_err(|e| bad("replace", e.status(), e.body_text()))? == "true",
            "file" => {
                file_name = field.file_name().map(str::to_string);
                let bytes = field.bytes().await.map_err(|e| bad("file", e.status(), e.body_text()))?;
                if !bytes.is_empty() {
                    file = Some(bytes.to_vec());
                }
            }
            other => return Err(err(AppError::BadRequest(format!("{other:?}: unknown field")))),
        }
    }
    let text = text.filter(|t| !t.trim().is_empty());
    let (bytes, default_id) = match (file, text) {
        (Some(_), Some(_)) => return Err(err(AppError::BadRequest(ctx.t("upload.both").into()))),
        (Some(b), None) => (b, file_name.filter(|n| !n.trim().is_empty())),
        (None, Some(t)) => (t.into_bytes(), None),
        (None, None) => return Err(err(AppError::BadRequest(ctx.t("upload.nothing").into()))),
    };
    let id = id.filter(|i| !i.trim().is_empty()).or(default_id);
    let info = crate::api::info_of(meta[0].as_deref(), meta[1].as_deref(), meta[2].as_deref(), meta[3].as_deref()).map_err(&err)?;
    crate::api::need_admin_to_replace(&who, replace).map_err(&err)?;
    let up = ingest(&st, id, bytes, replace, info).await.map_err(&err)?;
    Ok(see_other(&doc_href(&up.id, None)))
}

/// The limit the upload's body is read under.
pub struct Cap(BodyCap);

impl FromRequestParts<S> for Cap {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Cap(parts.extensions.get::<BodyCap>().copied().unwrap_or(BodyCap { what: Payload::Upload, limit: crate::limits::SMALL_BODY })))
    }
}
