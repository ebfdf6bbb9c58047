//! The statistics API: releases as published (no sign-in), and making one (researchers).

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use refuge_app::statistics::epsilon_spent;
use refuge_domain::calendar::YearMonth;
use refuge_domain::ports::StoredRelease;
use refuge_domain::statistics::Published;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{bearer, json_body, unknown_code};
use crate::WebState;
use crate::error::ApiError;
use crate::handlers::query_param;
use crate::handlers::statistics::{chosen, known_table};

fn cell(key: Value, value: &Published) -> Value {
    json!({"key": key, "count": value.count.filter(|_| !value.suppressed), "suppressed": value.suppressed})
}

fn summary(release: &StoredRelease) -> Value {
    let body = &release.body;
    json!({
        "release": release.id.to_string(),
        "from": body.from,
        "through": body.through,
        "made": body.made.to_string(),
        "includes_current_month": body.includes_current_month,
    })
}

/// `GET /statistics?release=latest&by=…`.
pub async fn get(State(state): State<WebState>, request: Request) -> Result<Response, ApiError> {
    let query = request.uri().query();
    let releases = state.app.statistics_releases().await?;
    let position = chosen(&releases, query_param(query, "release").as_deref())
        .map_err(|()| ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such release"))?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "no_release",
                "no release has been published yet",
            )
        })?;
    let release = &releases[position];
    let by = query_param(query, "by").unwrap_or_else(|| "month".to_owned());
    if !known_table(&by) {
        return Err(unknown_code("by", &by));
    }
    let body = &release.body;
    let mut answer = summary(release);
    let (cells, totals) = if let Some((_, table)) = body.one_way.iter().find(|(n, _)| *n == by) {
        (
            table
                .keys
                .iter()
                .zip(&table.values)
                .map(|(k, v)| cell(json!(k), v))
                .collect::<Vec<_>>(),
            json!({"total": cell(json!("total"), &table.total), "additive": table.additive}),
        )
    } else if let Some((_, table)) = body.two_way.iter().find(|(n, _)| *n == by) {
        let mut cells = Vec::new();
        for (i, row) in table.rows.iter().enumerate() {
            for (j, column) in table.columns.iter().enumerate() {
                cells.push(cell(json!([row, column]), &table.cells[i][j]));
            }
        }
        (
            cells,
            json!({
                "rows": table.rows.iter().zip(&table.row_totals).map(|(k, v)| cell(json!(k), v)).collect::<Vec<_>>(),
                "columns": table.columns.iter().zip(&table.column_totals).map(|(k, v)| cell(json!(k), v)).collect::<Vec<_>>(),
                "total": cell(json!("total"), &table.total),
            }),
        )
    } else {
        (Vec::new(), Value::Null)
    };
    if let Value::Object(map) = &mut answer {
        map.insert("by".into(), json!(by));
        map.insert("cells".into(), json!(cells));
        map.insert("totals".into(), totals);
        map.insert("reports".into(), cell(json!("reports"), &body.reports));
        map.insert(
            "rules".into(),
            json!({
                "k": body.k,
                "primary_suppression": "every count below k, zero included, is withheld",
                "secondary_suppression": "more counts are withheld until none can be worked out from the published ones and the totals",
                "noise": body.noise,
                "epsilon_spent": epsilon_spent(&releases),
                "unit": "reports whose reporter agreed to research statistics",
            }),
        );
    }
    Ok(Json(answer).into_response())
}

/// `GET /statistics/releases`: every release (public).
pub async fn releases(State(state): State<WebState>) -> Result<Response, ApiError> {
    let releases = state.app.statistics_releases().await?;
    Ok(Json(json!({"releases": releases.iter().map(summary).collect::<Vec<_>>()})).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseBody {
    #[serde(default)]
    through: Option<String>,
}

/// `POST /statistics/releases` `{"through": "YYYY-MM"}` (researchers and administrators).
pub async fn make(State(state): State<WebState>, request: Request) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let body: ReleaseBody = json_body(&state, request).await?;
    let through = match body.through.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(YearMonth::parse(text).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_month",
                format!("through: {text:?} is not YYYY-MM"),
            )
        })?),
    };
    let release = state.app.make_release(&session, through).await?;
    let mut answer = summary(&release);
    if let Value::Object(map) = &mut answer
        && release.body.includes_current_month
    {
        map.insert(
            "warning".into(),
            json!("this release counts the current month: reports that arrive later this month are not in it"),
        );
    }
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}
