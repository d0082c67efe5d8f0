//! The API's description, `data/openapi.json` (OpenAPI 3.1), served as written; the API tests
//! validate every answer against its schemas.

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI document.
pub const OPENAPI: &str = include_str!("../data/openapi.json");

/// `GET /api/openapi.json`.
pub async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
