//! The OpenAPI 3.1 description served at `/api/v1/openapi.json`. Written by hand beside
//! `routes.rs`; a test checks that every API route is described and nothing else is.

use refuge_app::intake::{CLIENT_KEY_MAX_CHARS, CLIENT_KEY_MIN_CHARS};
use refuge_domain::case::Urgency;
use refuge_domain::inbox::InboxSort;
use refuge_domain::report::{
    CONTACT_MAX_CHARS, EARLIEST_YEAR, IDENTIFIERS_MAX, MESSAGE_MAX_CHARS, NARRATIVE_MAX_CHARS,
    ReportStatus, SHORT_TEXT_MAX_CHARS,
};
use refuge_domain::taxonomy::{
    self, Community, HOST_COUNTRIES, IdentifierKind, Language, Tactic, Target,
};
use refuge_domain::{AuditAction, YearMonth};
use serde_json::{Value, json};

/// No control characters, and none of the characters that reorder text (one-line fields).
const SINGLE_LINE: &str =
    "^[^\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*$";
/// No control characters but tab and line breaks (free text).
const MULTI_LINE: &str = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$";
/// At least one character that is not white space (as the server trims it).
const NOT_BLANK: &str =
    "[^\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/// Only white space (a blank identifier line, which is skipped).
const BLANK: &str =
    "^[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$";

/// An optional code: one of `codes`, or "" / null for "not given".
fn optional_code<'a>(codes: impl IntoIterator<Item = &'a str>) -> Value {
    let mut values = vec![Value::Null, json!("")];
    values.extend(codes.into_iter().map(|code| json!(code)));
    json!({ "enum": values })
}

/// `YYYY-MM` from EARLIEST_YEAR up to this month.
fn month_pattern(today: YearMonth) -> String {
    let years: Vec<String> = (EARLIEST_YEAR..today.year).map(|y| y.to_string()).collect();
    let months: Vec<String> = (1..=today.month).map(|m| format!("{m:02}")).collect();
    format!(
        "^(({})-(0[1-9]|1[0-2])|{}-({}))$",
        years.join("|"),
        today.year,
        months.join("|")
    )
}

/// The rules of `ReportDraft::validate`, as JSON Schema.
fn report_submission(origin_states: &[String], today: YearMonth) -> Value {
    let with_regions: Vec<&str> = taxonomy::HOST_REGIONS
        .iter()
        .map(|(country, _)| *country)
        .collect();
    let mut region_rules: Vec<Value> = taxonomy::HOST_REGIONS
        .iter()
        .map(|(country, regions)| {
            json!({
                "if": {"required": ["host_country"], "properties": {"host_country": {"const": country}}},
                "then": {"properties": {"host_region": optional_code(regions.iter().map(|(code, _)| *code))}}
            })
        })
        .collect();
    region_rules.push(json!({
        "if": {"properties": {"host_country": {"not": {"enum": with_regions}}}},
        "then": {"properties": {"host_region": {"enum": [null, ""]}}}
    }));
    let mut all_of = vec![
        json!({"anyOf": [
            {"required": ["narrative"], "properties": {"narrative": {"type": "string", "pattern": NOT_BLANK}}},
            {"required": ["tactics"], "properties": {"tactics": {"minItems": 1}}}
        ]}),
        json!({"if": {"required": ["contact"], "properties": {"contact": {"required": ["via_platform_only"], "properties": {"via_platform_only": {"const": false}}}}},
         "then": {"properties": {"contact": {"required": ["details"], "properties": {"details": {"type": "string", "pattern": NOT_BLANK}}}}}}),
    ];
    all_of.extend(region_rules);
    let all_regions: Vec<&str> = taxonomy::HOST_REGIONS
        .iter()
        .flat_map(|(_, r)| r.iter().map(|(code, _)| *code))
        .collect();
    json!({
        "type": "object", "additionalProperties": false,
        "description": "A report. A narrative or at least one tactic is required; every code comes from the taxonomy; \"\" or null means not given.",
        "properties": {
            "language": {"enum": Language::ALL.iter().map(|l| json!(l.code())).chain([Value::Null]).collect::<Vec<_>>()},
            "origin_state": optional_code(origin_states.iter().map(String::as_str)),
            "host_country": optional_code(taxonomy::HOST_COUNTRIES.iter().copied()),
            "host_region": optional_code(all_regions),
            "city": {"type": ["string", "null"], "maxLength": SHORT_TEXT_MAX_CHARS, "pattern": SINGLE_LINE},
            "occurred": {"anyOf": [{"enum": [null, ""]}, {"type": "string", "pattern": month_pattern(today)}]},
            "tactics": {"type": "array", "items": {"enum": Tactic::ALL.iter().map(|t| t.code()).collect::<Vec<_>>()}},
            "targets": {"type": "array", "items": {"enum": Target::ALL.iter().map(|t| t.code()).collect::<Vec<_>>()}},
            "community": optional_code(Community::ALL.iter().map(|c| c.code())),
            "narrative": {"type": ["string", "null"], "maxLength": NARRATIVE_MAX_CHARS, "pattern": MULTI_LINE},
            "identifiers": {"type": "array", "maxItems": IDENTIFIERS_MAX, "items": {"$ref": "#/components/schemas/Identifier"}},
            "consent": {"type": "object", "additionalProperties": false, "properties": {
                "refer_to_police": {"type": "boolean"}, "refer_to_partners": {"type": "boolean"}, "research_statistics": {"type": "boolean"}}},
            "contact": {"type": "object", "additionalProperties": false, "properties": {
                "via_platform_only": {"type": "boolean"},
                "details": {"type": ["string", "null"], "maxLength": CONTACT_MAX_CHARS, "pattern": MULTI_LINE}}},
            "idempotency_key": {"type": ["string", "null"], "minLength": CLIENT_KEY_MIN_CHARS, "maxLength": CLIENT_KEY_MAX_CHARS,
                "description": "A secret of at least 128 bits (32 random hexadecimal digits, a UUID, 22 base64url characters), or one from POST /api/v1/reports/token. The same key with the same content returns the same receipt within the receipt window; it is a credential for that receipt meanwhile. Required when the instance asks for a proof of work."},
            "proof_of_work": {"type": ["string", "null"], "maxLength": 64,
                "description": "When POST /api/v1/reports/token answers proof_of_work_bits > 0: any string such that SHA-256 of the bytes \"refuge api proof of work v1\", 0x00, idempotency_key, 0x00 and this string begins with that many zero bits (count up from 0 in decimal until one does). One hash for the server; about 2^bits for the client."}
        },
        "allOf": all_of
    })
}

fn identifier() -> Value {
    json!({
        "type": "object", "additionalProperties": false,
        "description": "A blank value is a skipped line; otherwise the kind is required.",
        "properties": {
            "kind": {"type": "string"},
            "value": {"type": "string", "maxLength": SHORT_TEXT_MAX_CHARS, "pattern": SINGLE_LINE}
        },
        "anyOf": [
            {"properties": {"value": {"pattern": BLANK}}},
            {"required": ["kind", "value"], "properties": {"kind": {"enum": IdentifierKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()}}}
        ]
    })
}

/// A query parameter's codes, and the empty value a GET form sends for "any".
fn with_blank<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    codes.chain([""]).collect()
}

/// The audit view's query parameters.
fn audit_parameters() -> Value {
    json!([
        {"name": "actor", "in": "query", "description": "a username", "schema": {"type": "string", "maxLength": 64}},
        {"name": "report", "in": "query", "description": "a report's id", "schema": {"type": "string", "pattern": "^([0-9a-f]{32})?$"}},
        {"name": "action", "in": "query", "schema": {"enum": with_blank(AuditAction::ALL.iter().map(|a| a.code()))}},
        {"name": "from", "in": "query", "schema": {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}},
        {"name": "to", "in": "query", "schema": {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}},
        {"name": "cursor", "in": "query", "schema": {"type": "string", "pattern": "^([1-9][0-9]{0,17})?$"}}
    ])
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

pub fn document(origin_states: &[String], today: YearMonth) -> Value {
    let statuses: Vec<&str> = ReportStatus::ALL.iter().map(|s| s.code()).collect();
    let partner_kinds: Vec<&str> = refuge_domain::referral::PartnerKind::ALL
        .iter()
        .map(|k| k.code())
        .collect();
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Refuge API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Anonymous intake and casework for reports of transnational repression. Errors are {\"error\":{\"code\",\"message\"}} with a 4xx status for anything the client sent."
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {
                "staff": {"type": "http", "scheme": "bearer"},
                "reporter": {"type": "http", "scheme": "bearer", "description": "token from /api/v1/reporter/session"}
            },
            "schemas": {
                "Error": {
                    "type": "object", "required": ["error"],
                    "properties": {"error": {"type": "object", "required": ["code", "message"],
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}
                },
                "Identifier": identifier(),
                "MessageBody": {
                    "type": "object", "additionalProperties": false, "required": ["body"],
                    "properties": {"body": {"type": "string", "maxLength": MESSAGE_MAX_CHARS,
                        "allOf": [{"pattern": MULTI_LINE}, {"pattern": NOT_BLANK}]}}
                },
                "Created": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                "ReportSubmission": report_submission(origin_states, today),
                "Receipt": {
                    "type": "object", "required": ["receipt", "status"],
                    "properties": {"receipt": {"type": "string", "description": "28 digits in groups of four; shown once"}, "status": {"type": "string"}}
                },
                "ReportSummary": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"}, "received": {"type": "string", "format": "date"}, "status": {"type": "string"},
                        "status_day": {"type": "string", "format": "date"},
                        "substatus": {"type": ["string", "null"]},
                        "urgency": {"enum": Urgency::ALL.iter().map(|u| u.code()).collect::<Vec<_>>()},
                        "assignee": {"type": ["string", "null"], "description": "username"},
                        "labels": {"type": "array", "items": {"type": "string"}, "description": "empty when the caller holds no key"},
                        "deadline": {"type": ["string", "null"], "format": "date"},
                        "tactics": {"type": "array", "items": {"type": "string"}, "description": "as the reporter chose them"},
                        "staff_tactics": {"type": ["array", "null"], "items": {"type": "string"}, "description": "as caseworkers coded them; statistics count these when present"},
                        "host_country": {"type": ["string", "null"]}, "host_region": {"type": ["string", "null"]},
                        "language": {"type": "string"}, "last_activity": {"type": "string", "format": "date"},
                        "teams": {"type": "array", "items": {"type": "string"}},
                        "readable": {"type": "boolean"}, "unread": {"type": "boolean"}
                    }
                },
                "CaseChange": {
                    "type": "object", "additionalProperties": false,
                    "properties": {
                        "status": {"enum": statuses},
                        "substatus": {"type": ["string", "null"], "description": "an operator's code under the status; null clears it"},
                        "urgency": {"enum": Urgency::ALL.iter().map(|u| u.code()).collect::<Vec<_>>()},
                        "assignee": {"type": ["string", "null"], "description": "a username holding a key to the report; null: nobody"},
                        "labels": {"type": "array", "items": {"type": "string"}, "description": "every label of the case (operator-defined codes)"},
                        "tactics": {"type": "array", "items": {"enum": Tactic::ALL.iter().map(|t| t.code()).collect::<Vec<_>>()}, "description": "the caseworker's coding; empty goes back to the reporter's"},
                        "deadline": {"type": ["string", "null"], "format": "date"},
                        "add_identifier": {"$ref": "#/components/schemas/IdentifierInput"},
                        "remove_identifier": {"$ref": "#/components/schemas/IdentifierInput"}
                    }
                },
                "Consent": {
                    "type": "object", "additionalProperties": false,
                    "required": ["refer_to_police", "refer_to_partners", "research_statistics"],
                    "properties": {"refer_to_police": {"type": "boolean"}, "refer_to_partners": {"type": "boolean"}, "research_statistics": {"type": "boolean"}}
                },
                "Partner": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "kind": {"enum": partner_kinds}, "recipient": {"type": "string"}, "added": {"type": "string", "format": "date"}}
                },
                "IdentifierInput": {
                    "type": "object", "additionalProperties": false, "required": ["kind", "value"],
                    "properties": {
                        "kind": {"enum": IdentifierKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()},
                        "value": {"type": "string", "minLength": 1, "maxLength": SHORT_TEXT_MAX_CHARS}
                    }
                },
                "IdentifierMatches": {
                    "type": "object",
                    "properties": {
                        "reports": {"type": "array", "items": {"type": "string"}, "description": "readable reports that share it"},
                        "transliterated": {"type": "array", "items": {"type": "string"}, "description": "those among them met only through a transliteration"},
                        "other_reports": {"type": "integer", "description": "how many reports the caller cannot read share it"}
                    }
                },
                "Team": {
                    "type": "object", "additionalProperties": false, "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "pattern": "^[a-z0-9_-]{1,40}$"},
                        "members": {"type": "array", "items": {"type": "string"}, "description": "usernames of accounts that work cases"}
                    }
                },
                "Routing": {
                    "type": "object", "additionalProperties": false,
                    "properties": {
                        "rules": {"type": "array", "maxItems": 200, "items": {
                            "type": "object", "additionalProperties": false, "required": ["teams"],
                            "properties": {
                                "when": {"type": "object", "additionalProperties": false, "properties": {
                                    "language": {"enum": Language::ALL.iter().map(|l| Value::from(l.code())).chain([Value::Null]).collect::<Vec<_>>()},
                                    "host_country": {"type": ["string", "null"]},
                                    "host_region": {"type": ["string", "null"]},
                                    "community": {"enum": Community::ALL.iter().map(|c| Value::from(c.code())).chain([Value::Null]).collect::<Vec<_>>()},
                                    "origin_state": {"type": ["string", "null"]},
                                    "tactic": {"enum": Tactic::ALL.iter().map(|t| Value::from(t.code())).chain([Value::Null]).collect::<Vec<_>>()}
                                }},
                                "teams": {"type": "array", "minItems": 1, "items": {"type": "string"}}
                            }
                        }},
                        "default_teams": {"type": "array", "items": {"type": "string"}}
                    }
                },
                "BulkChange": {
                    "type": "object", "additionalProperties": false, "required": ["ids"],
                    "properties": {
                        "ids": {"type": "array", "minItems": 1, "maxItems": 500, "items": {"type": "string"}},
                        "status": {"enum": statuses},
                        "assignee": {"type": ["string", "null"]},
                        "add_label": {"type": "string"}
                    }
                }
            }
        },
        "paths": {
            "/api/v1/reports/token": {
                "post": {
                    "summary": "An idempotency key made by the server (128 random bits and a MAC), to send with a report",
                    "responses": {
                        "201": {"description": "A fresh key, good for a day, and the proof of work a report sent with it must carry (0: none)", "content": {"application/json": {"schema": {"type": "object", "required": ["idempotency_key", "proof_of_work_bits"], "properties": {"idempotency_key": {"type": "string"}, "proof_of_work_bits": {"type": "integer", "minimum": 0, "maximum": 32}}}}}}
                    }
                }
            },
            "/api/v1/reports": {
                "post": {
                    "summary": "Submit a report anonymously, as JSON or as multipart with evidence files",
                    "requestBody": {"required": true, "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ReportSubmission"}},
                        "multipart/form-data": {
                            "schema": {"type": "object", "required": ["report"], "additionalProperties": false, "properties": {
                                "report": {"$ref": "#/components/schemas/ReportSubmission"},
                                "file": {"description": "one part per file; any bytes (the kind is judged from the content)"}}},
                            "encoding": {"report": {"contentType": "application/json"}}
                        }
                    }},
                    "responses": {
                        "201": {"description": "Stored durably; the receipt is shown this once", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                        "200": {"description": "A retry with the same idempotency_key and the same content, within the receipt window (15 minutes by default): the same receipt", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                        "409": error_response("The idempotency_key was used before: `already_received` (same content, after the receipt window: the receipt is not shown again) or `idempotency_key_reused` (other content: nothing stored)"),
                        "400": error_response("Invalid field, code or JSON; or `proof_of_work_required` (missing or not enough zero bits)"),
                        "413": error_response("Body or a file too large"),
                        "415": error_response("Not JSON"),
                        "429": error_response("`intake_busy`: many reports are arriving, nothing was stored, send the same again after Retry-After seconds; or no more files accepted today"),
                        "503": error_response("Nobody can receive reports yet, or storage is unavailable")
                    }
                },
                "get": {
                    "summary": "Inbox: filtered, sorted, searched, a page at a time",
                    "description": "Cases the caller may know exist. Filters on clear fields run in the database; `label` and `q` open each case with the caller's key, so with either only cases the caller can read are listed. Unknown codes, usernames, teams and labels are a 400 naming the parameter (`invalid_filter`).",
                    "security": [{"staff": []}],
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                        {"name": "cursor", "in": "query", "description": "next_cursor of the previous page (same sort)", "schema": {"type": "string", "pattern": "^([0-9]{1,18}|[no][0-9]{1,18}|[ua][0-9]{1,18}[.][0-9]{1,18})?$"}},
                        {"name": "status", "in": "query", "schema": {"enum": with_blank(statuses.iter().copied())}},
                        {"name": "substatus", "in": "query", "description": "an operator's sub-status code", "schema": {"type": "string", "maxLength": 64}},
                        {"name": "urgency", "in": "query", "schema": {"enum": with_blank(Urgency::ALL.iter().map(|u| u.code()))}},
                        {"name": "assignee", "in": "query", "description": "`me`, `none`, `any` or a username", "schema": {"type": "string", "maxLength": 64}},
                        {"name": "team", "in": "query", "description": "a team's name or id", "schema": {"type": "string", "maxLength": 100}},
                        {"name": "label", "in": "query", "description": "an operator's label code", "schema": {"type": "string", "maxLength": 64}},
                        {"name": "tactic", "in": "query", "description": "the caseworker's coding when there is one, else the reporter's", "schema": {"enum": with_blank(Tactic::ALL.iter().map(|t| t.code()))}},
                        {"name": "language", "in": "query", "schema": {"enum": with_blank(Language::ALL.iter().map(|l| l.code()))}},
                        {"name": "host_country", "in": "query", "schema": {"enum": with_blank(HOST_COUNTRIES.iter().copied())}},
                        {"name": "unread", "in": "query", "description": "only cases with a reply or file nobody opened yet", "schema": {"enum": ["true", "false", ""]}},
                        {"name": "from", "in": "query", "description": "received on or after", "schema": {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}},
                        {"name": "to", "in": "query", "description": "received on or before", "schema": {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}},
                        {"name": "sort", "in": "query", "schema": {"enum": with_blank(InboxSort::ALL.iter().map(|s| s.code()))}},
                        {"name": "q", "in": "query", "description": "full-text search in any script: every term must occur (substring, after folding case, width and Arabic-script variants); \"quotes\" keep a phrase", "schema": {"type": "string", "maxLength": refuge_domain::search::QUERY_MAX_CHARS}}
                    ],
                    "responses": {
                        "200": {"description": "A page of reports", "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "reports": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}},
                            "next_cursor": {"type": ["string", "null"]}}}}},
                            "links": {"GetReport": {"operationId": "getReport", "parameters": {"id": "$response.body#/reports/0/id"}}}},
                        "400": error_response("`invalid_limit`; `invalid_filter` (a value a filter does not take, or from after to); `invalid_cursor` (not a next_cursor of this sort); `invalid_search` (q too long, more than 8 terms, or a term too long)"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not see the inbox")
                    }
                }
            },
            "/api/v1/identifiers": {
                "get": {
                    "summary": "Is this identifier in any report? Compared after normalisation (phone numbers in E.164, e-mail case and provider rules, handles with look-alike letters folded, names also through transliteration)",
                    "description": "Lists the reports the caller can read that carry it and counts those the caller cannot. The audit log records the kind looked up, never the value.",
                    "security": [{"staff": []}],
                    "parameters": [
                        {"name": "kind", "in": "query", "required": true, "schema": {"enum": IdentifierKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()}},
                        {"name": "value", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": SHORT_TEXT_MAX_CHARS}},
                        {"name": "region", "in": "query", "description": "where a number written without its country code is from (default: every origin state and host country offered)", "schema": {"type": "string", "pattern": "^([A-Z]{2})?$"}}
                    ],
                    "responses": {
                        "200": {"description": "The matches", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IdentifierMatches"}}}},
                        "400": error_response("`invalid_input` (no kind, an empty or too long value) or `unknown_code` (kind or region)"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not work cases"),
                        "409": error_response("`correlation_unavailable`: the caller holds no copy of the correlation key yet (a colleague who holds it shares it by signing in)")
                    }
                }
            },
            "/api/v1/correlation/clusters": {
                "get": {
                    "summary": "Groups of reports the caller can read that are joined by shared identifiers, largest first",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "min_reports", "in": "query", "schema": {"type": "integer", "minimum": 2, "maximum": 100}}],
                    "responses": {
                        "200": {"description": "The groups", "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "clusters": {"type": "array", "items": {"type": "object", "properties": {
                                "reports": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "received": {"type": "string", "format": "date"}}}},
                                "kinds": {"type": "array", "items": {"type": "string"}},
                                "links": {"type": "array", "items": {"type": "object", "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "kinds": {"type": "array", "items": {"type": "string"}}, "how": {"enum": ["exact", "transliterated"]}}}}
                            }}},
                            "total": {"type": "integer", "description": "groups in all (at most 500 listed)"},
                            "pending": {"type": "integer", "description": "reports still waiting to be indexed"}}}}}},
                        "400": error_response("`invalid_input`: min_reports is not a number from 2 to 100"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not work cases"),
                        "409": error_response("`correlation_unavailable`")
                    }
                }
            },
            "/api/v1/correlation/status": {
                "get": {
                    "summary": "Whether the caller holds the correlation key, and how many reports wait to be indexed (asking starts indexing them in the background)",
                    "security": [{"staff": []}],
                    "responses": {
                        "200": {"description": "The state of the index", "content": {"application/json": {"schema": {"type": "object", "required": ["available", "pending"], "properties": {"available": {"type": "boolean"}, "pending": {"type": "integer"}}}}}},
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not work cases")
                    }
                }
            },
            "/api/v1/reports/{id}/notes": {
                "post": {
                    "summary": "An internal note: sealed under the report's case key, never shown to the reporter",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageBody"}}}},
                    "responses": {
                        "201": {"description": "Written", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "version"], "properties": {"id": {"type": "string"}, "version": {"type": "integer"}}}}}},
                        "400": error_response("Empty, too long, or invalid JSON"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not work cases, or the caller holds no key to this report"),
                        "404": error_response("No such report"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/reports/{id}/notes/{note_id}": {
                "put": {
                    "summary": "A new version of a note; earlier versions are kept",
                    "security": [{"staff": []}],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "note_id", "in": "path", "required": true, "schema": {"type": "string"}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageBody"}}}},
                    "responses": {
                        "200": {"description": "The version written (the same text again writes nothing)", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "version"], "properties": {"id": {"type": "string"}, "version": {"type": "integer"}}}}}},
                        "400": error_response("Empty, too long, or invalid JSON"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not work cases, or the caller holds no key to this report"),
                        "404": error_response("No such report or note"),
                        "409": error_response("A colleague wrote a version at the same moment"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/admin/teams": {
                "get": {
                    "summary": "Every team and its members (administrators)",
                    "security": [{"staff": []}],
                    "responses": {
                        "200": {"description": "The teams", "content": {"application/json": {"schema": {"type": "object", "properties": {"teams": {"type": "array", "items": {"$ref": "#/components/schemas/Team"}}}}}}},
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator")
                    }
                },
                "post": {
                    "summary": "A new team; new reports routed to it are sealed to its members",
                    "security": [{"staff": []}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Team"}}}},
                    "responses": {
                        "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Team"}}}},
                        "400": error_response("A bad name (`bad_team_name`), a member who does not work cases (`unknown_member`), or invalid JSON"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator"),
                        "409": error_response("The name is taken"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/admin/teams/{name}": {
                "put": {
                    "summary": "Renames a team and sets its members (new reports follow; existing ones move only by giving access)",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Team"}}}},
                    "responses": {
                        "200": {"description": "Saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Team"}}}},
                        "400": error_response("A bad name, a member who does not work cases, or invalid JSON"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator"),
                        "404": error_response("No such team"),
                        "409": error_response("The new name is another team's"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                },
                "delete": {
                    "summary": "Deletes a team the routing no longer names",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                        "204": {"description": "Deleted"},
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator"),
                        "404": error_response("No such team"),
                        "409": error_response("`team_in_routing`: change the routing first")
                    }
                }
            },
            "/api/v1/admin/routing": {
                "get": {
                    "summary": "The routing of new reports: rules in order (the first match wins) and the default teams",
                    "security": [{"staff": []}],
                    "responses": {
                        "200": {"description": "The routing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Routing"}}}},
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator")
                    }
                },
                "put": {
                    "summary": "Replaces the routing; it applies to reports received from now on",
                    "security": [{"staff": []}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Routing"}}}},
                    "responses": {
                        "200": {"description": "Saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Routing"}}}},
                        "400": error_response("An unknown team (`unknown_team`), a rule with no team (`rule_without_teams`), an unknown code (`unknown_code`), or invalid JSON"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/audit": {
                "get": {
                    "summary": "The audit log, newest first, with its head (administrators and auditors)",
                    "description": "Rows are hash-chained: each `hash` covers the row and the hash before it. Filters: `actor` (a username), `report` (an id), `action` (a code), `from` and `to` (days, UTC, both included); `cursor` is the previous page's next_cursor.",
                    "security": [{"staff": []}],
                    "parameters": audit_parameters(),
                    "responses": {
                        "200": {"description": "A page of the log", "content": {"application/json": {"schema": {"type": "object", "required": ["rows", "next_cursor", "head"], "properties": {
                            "rows": {"type": "array", "items": {"type": "object", "required": ["seq", "at", "actor", "action", "report", "subject", "hash"], "properties": {
                                "seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
                                "actor": {"type": ["string", "null"], "description": "a username, an id for an account that no longer exists, null for the server"},
                                "action": {"enum": AuditAction::ALL.iter().map(|a| a.code()).collect::<Vec<_>>()},
                                "report": {"type": ["string", "null"]}, "subject": {"type": "string"},
                                "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}}},
                            "next_cursor": {"type": ["string", "null"]},
                            "head": {"type": "object", "properties": {"seq": {"type": "integer"}, "hash": {"type": "string"}}}}}}}},
                        "400": error_response("`invalid_filter`: a value a filter does not take (the message names it)"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator or auditor")
                    }
                }
            },
            "/api/v1/audit.csv": {
                "get": {
                    "summary": "Every row the filters select, as CSV (the export is itself on record)",
                    "security": [{"staff": []}],
                    "parameters": audit_parameters(),
                    "responses": {
                        "200": {"description": "CSV: seq, at_utc, actor, action, report, subject, hash", "content": {"text/csv": {"schema": {"type": "string"}}}},
                        "400": error_response("`invalid_filter`"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator or auditor")
                    }
                }
            },
            "/api/v1/audit/checkpoint": {
                "post": {
                    "summary": "Signs the log's head now: the signed text to keep off the server (`refuge audit verify --checkpoint FILE`)",
                    "security": [{"staff": []}],
                    "responses": {
                        "201": {"description": "The checkpoint, with the instance's Ed25519 signature block", "content": {"text/plain": {"schema": {"type": "string"}}}},
                        "401": error_response("No or expired token"),
                        "403": error_response("Not an administrator or auditor")
                    }
                }
            },
            "/api/v1/reports/bulk": {
                "post": {
                    "summary": "One change to several cases: assign, set a status, add a label",
                    "security": [{"staff": []}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BulkChange"}}}},
                    "responses": {
                        "200": {"description": "How many cases changed", "content": {"application/json": {"schema": {"type": "object", "required": ["changed"], "properties": {"changed": {"type": "integer"}}}}}},
                        "400": error_response("Invalid JSON, an unknown code, or a rule of the case (`unknown_label`, `assignee_cannot_read`)"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not work cases"),
                        "404": error_response("An id the caller cannot read: nothing was changed"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/reports/{id}": {
                "patch": {
                    "summary": "Triage, assign, label or recode a case; every change is one audit row",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseChange"}}}},
                    "responses": {
                        "200": {"description": "The case as it now stands", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportSummary"}}}},
                        "400": error_response("Invalid JSON, an unknown code, or a rule of the case (`substatus_of_another_status`, `unknown_label`, `assignee_cannot_read`, `bad_deadline`)"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not work cases, or the caller holds no key to this report"),
                        "404": error_response("No such report"),
                        "409": error_response("Colleagues kept changing the case at the same moment; read it again"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                },
                "get": {
                    "operationId": "getReport",
                    "summary": "A report, decrypted with the caller's key",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "Every submitted field", "content": {"application/json": {"schema": {"type": "object"}}}},
                        "401": error_response("No or expired token"),
                        "403": error_response("The caller holds no key to this report yet"),
                        "404": error_response("No such report")
                    }
                }
            },
            "/api/v1/staff/session": {
                "delete": {
                    "summary": "Sign out: the bearer token's session ends on every app server",
                    "security": [{"staff": []}],
                    "responses": {
                        "204": {"description": "Signed out"},
                        "401": error_response("No or expired token")
                    }
                },
                "post": {
                    "summary": "Sign in; returns a bearer token",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
                        "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}, "totp": {"type": "string"}}}}}},
                    "responses": {
                        "201": {"description": "Signed in", "content": {"application/json": {"schema": {"type": "object", "properties": {"token": {"type": "string"}}}}}},
                        "400": error_response("Invalid JSON"),
                        "401": error_response("Wrong username or password (invalid_credentials); the account has two-factor sign-in and no code came (totp_required); a wrong or used code (totp_invalid)"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON"),
                        "429": error_response("Too many failed attempts for this account")
                    }
                }
            },
            "/api/v1/staff/totp": {
                "post": {
                    "summary": "Start two-factor enrolment: a new secret and ten recovery codes, pending until confirmed (starting again replaces a pending one)",
                    "security": [{"staff": []}],
                    "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
                        "properties": {"kind": {"type": "string", "enum": ["totp", "hotp"], "description": "totp: an authenticator app (default); hotp: a hardware key typing codes from its counter"}}}}}},
                    "responses": {
                        "201": {"description": "Pending enrolment", "content": {"application/json": {"schema": {"type": "object",
                            "required": ["kind", "secret", "recovery_codes"],
                            "properties": {
                                "kind": {"type": "string", "enum": ["totp", "hotp"]},
                                "otpauth_uri": {"type": ["string", "null"], "description": "otpauth://totp/… for an authenticator app; null for hotp"},
                                "secret": {"type": "string", "description": "The shared secret in base32"},
                                "recovery_codes": {"type": "array", "items": {"type": "string"}, "minItems": 10, "maxItems": 10}
                            }}}}},
                        "400": error_response("Invalid JSON or kind"),
                        "401": error_response("No or expired token"),
                        "409": error_response("Two-factor sign-in is already on (turn it off first)"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/staff/totp/confirm": {
                "post": {
                    "summary": "Confirm enrolment with a first code: two-factor sign-in is on from now",
                    "security": [{"staff": []}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
                        "required": ["code"], "properties": {"code": {"type": "string"}}}}}},
                    "responses": {
                        "200": {"description": "On", "content": {"application/json": {"schema": {"type": "object",
                            "properties": {"enabled": {"type": "boolean"}, "kind": {"type": "string"}, "recovery_codes_left": {"type": "integer"}}}}}},
                        "400": error_response("Invalid JSON"),
                        "401": error_response("No or expired token, or a wrong code (totp_invalid)"),
                        "404": error_response("No enrolment is pending"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/reports/{id}/messages": {
                "post": {
                    "summary": "Write to the reporter (encrypted to the report's staff and its conversation key)",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageBody"}}}},
                    "responses": {
                        "201": {"description": "Sent", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Created"}}}},
                        "400": error_response("Invalid message or JSON"),
                        "401": error_response("No or expired token"),
                        "403": error_response("No key to this report, or role may not see the inbox"),
                        "404": error_response("No such report"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/reports/{id}/files/{file_id}": {
                "get": {
                    "summary": "A file of a report, decrypted, always as an attachment (the working copy without metadata unless variant=original)",
                    "security": [{"staff": []}],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "file_id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "variant", "in": "query", "schema": {"enum": ["clean", "original"]}}
                    ],
                    "responses": {
                        "200": {"description": "The file", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                        "400": error_response("Unknown variant"),
                        "401": error_response("No or expired token"),
                        "403": error_response("No key to this report, or role may not see the inbox"),
                        "404": error_response("No such report, file or variant")
                    }
                }
            },
            "/api/v1/reporter/files": {
                "post": {
                    "summary": "Add evidence files to the reporter's report",
                    "security": [{"reporter": []}],
                    "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "additionalProperties": false, "properties": {
                        "file": {"description": "one part per file; any bytes (the kind is judged from the content)"}}}}}},
                    "responses": {
                        "201": {"description": "Stored, sealed; names, sizes, SHA-256 and what cleaning removed", "content": {"application/json": {"schema": {"type": "object"}}}},
                        "400": error_response("No file, too many files, or malformed multipart"),
                        "401": error_response("No or expired token"),
                        "413": error_response("A file or the report's files too large"),
                        "415": error_response("Not multipart"),
                        "429": error_response("No more files accepted today, or `too_many_files_on_report`")
                    }
                }
            },
            "/api/v1/reporter/session": {
                "post": {
                    "summary": "Sign in as the reporter with the receipt (digits in any script; spaces and dashes ignored)",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
                        "required": ["receipt"], "properties": {"receipt": {"type": "string", "minLength": 28, "maxLength": 200, "description": "the 28 digits of the receipt, in any script, with any separators; a mistyped one (its check digit) is answered 400 receipt_typo"}}}}}},
                    "responses": {
                        "201": {"description": "Signed in", "content": {"application/json": {"schema": {"type": "object", "properties": {"token": {"type": "string"}}}}}},
                        "400": error_response("Invalid JSON, or digits that cannot be a receipt: `receipt_wrong_length` (not 28 digits) or `receipt_typo` (the check digit shows a typo)"),
                        "401": error_response("Receipt not recognised"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON"),
                        "429": error_response("Too many failed attempts with this receipt")
                    }
                }
            },
            "/api/v1/reporter/report": {
                "get": {
                    "summary": "Status, status day, referrals, messages and files of the reporter's case (never the report itself)",
                    "security": [{"reporter": []}],
                    "responses": {
                        "200": {"description": "The reporter's view", "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "status": {"type": "string"}, "status_day": {"type": "string", "format": "date"},
                            "referrals": {"type": "array", "items": {"type": "object", "properties": {"kind": {"enum": partner_kinds}, "day": {"type": "string", "format": "date"}, "partner": {"type": "string", "description": "only where the operator shows partners' names"}}}},
                            "consent": {"oneOf": [{"$ref": "#/components/schemas/Consent"}, {"type": "null"}]},
                            "messages": {"type": "array", "items": {"type": "object"}},
                            "files": {"type": "array", "items": {"type": "object"}}}}}}},
                        "401": error_response("No or expired token")
                    }
                }
            },
            "/api/v1/reporter/consent": {
                "put": {
                    "summary": "The reporter changes their consent; it applies from now on, and the change is logged",
                    "security": [{"reporter": []}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Consent"}}}},
                    "responses": {
                        "200": {"description": "The consent in force and its history", "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "consent": {"$ref": "#/components/schemas/Consent"},
                            "history": {"type": "array", "items": {"type": "object", "properties": {"day": {"type": "string", "format": "date"}, "consent": {"$ref": "#/components/schemas/Consent"}}}}}}}}},
                        "400": error_response("Invalid JSON or a field missing"),
                        "401": error_response("No or expired token"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/admin/partners": {
                "get": {
                    "summary": "The partner organisations cases may be referred to",
                    "security": [{"staff": []}],
                    "responses": {
                        "200": {"description": "The partners", "content": {"application/json": {"schema": {"type": "object", "properties": {"partners": {"type": "array", "items": {"$ref": "#/components/schemas/Partner"}}}}}}},
                        "401": error_response("No or expired token"),
                        "403": error_response("Only administrators manage partners")
                    }
                },
                "post": {
                    "summary": "Registers a partner organisation with its age public key",
                    "security": [{"staff": []}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object", "additionalProperties": false, "required": ["name", "kind", "recipient"],
                        "properties": {
                            "name": {"type": "string", "minLength": 1, "maxLength": refuge_domain::referral::PARTNER_NAME_MAX_CHARS},
                            "kind": {"enum": partner_kinds},
                            "recipient": {"type": "string", "description": "age public key, age1…"}
                        }}}}},
                    "responses": {
                        "201": {"description": "Registered", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Partner"}}}},
                        "400": error_response("`partner_name_invalid`, `partner_key_invalid`, `partner_key_is_secret` (an age secret key was pasted: it is not kept), `unknown_code`"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Only administrators manage partners"),
                        "409": error_response("`partner_name_taken`"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/admin/partners/{id}": {
                "delete": {
                    "summary": "Takes a partner off the list (its referrals stay on record)",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                        "204": {"description": "Removed"},
                        "401": error_response("No or expired token"),
                        "403": error_response("Only administrators manage partners"),
                        "404": error_response("No such partner")
                    }
                }
            },
            "/api/v1/reports/{id}/referrals": {
                "post": {
                    "summary": "Refers the report to a partner within the reporter's consent; the answer is the bundle itself",
                    "description": "An age file to the partner's key holding a ZIP: report.json, report.txt (the report's language and English), the chosen files, manifest.json (SHA-256 of each entry), manifest.sig (Ed25519 over manifest.json, verifiable with `openssl pkeyutl -verify -rawin`) and evidence-key.pem. The case is marked referred and the referral logged. The bundle is not kept.",
                    "security": [{"staff": []}],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object", "additionalProperties": false, "required": ["partner"],
                        "properties": {
                            "partner": {"type": "string", "description": "a registered partner's name"},
                            "include": {"type": "object", "additionalProperties": false, "properties": {
                                "narrative": {"type": "boolean"}, "identifiers": {"type": "boolean"},
                                "files": {"enum": ["clean", "original", "none"]}, "messages": {"type": "boolean"}}}
                        }}}}},
                    "responses": {
                        "201": {"description": "The bundle (attachment)", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                        "400": error_response("`partner_unknown`, `unknown_code`, invalid JSON"),
                        "401": error_response("No or expired token"),
                        "403": error_response("`consent_not_given` (police need refer_to_police, every other kind refer_to_partners); or the caller holds no key to this report"),
                        "404": error_response("No such report"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON")
                    }
                }
            },
            "/api/v1/reporter/messages": {
                "post": {
                    "summary": "Write to the caseworkers",
                    "security": [{"reporter": []}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MessageBody"}}}},
                    "responses": {
                        "201": {"description": "Sent", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Created"}}}},
                        "400": error_response("Invalid message or JSON"),
                        "401": error_response("No or expired token"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON"),
                        "429": error_response("`too_many_messages` or `too_many_messages_today` on this report")
                    }
                }
            },
            "/api/v1/reporter/messages/{id}": {
                "delete": {
                    "summary": "Hide a message from the reporter's own view (caseworkers keep it)",
                    "security": [{"reporter": []}],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                        "204": {"description": "Hidden"},
                        "401": error_response("No or expired token"),
                        "404": error_response("No such message in this case")
                    }
                }
            },
            "/api/v1/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}}}
            }
        }
    });
    merge(&mut document, "paths", registry_paths());
    merge(&mut document, "paths", statistics_paths());
    merge(&mut document["components"], "schemas", registry_schemas());
    document
}

/// Adds the members of `more` (an object) to the object at `key`.
fn merge(document: &mut Value, key: &str, more: Value) {
    if let (Some(target), Value::Object(more)) = (document[key].as_object_mut(), more) {
        target.extend(more);
    }
}

fn codes_of(codes: impl Iterator<Item = &'static str>) -> Value {
    Value::Array(codes.map(|c| json!(c)).collect())
}

/// The registry's schemas: an entry's body as written and read, and a source.
fn registry_schemas() -> Value {
    use refuge_domain::registry::{
        AllegationStatus, Credibility, EntryKind, NamingBasis, PartyKind, Reliability,
        ResponseKind, ResponseParty, SourceKind, TEXT_MAX_CHARS, TITLE_MAX_CHARS,
    };
    let date = json!({"type": "string", "description": "YYYY, YYYY-MM or YYYY-MM-DD"});
    let ids = json!({"type": "array", "items": {"type": "string", "description": "a source id (32 hex digits)"}});
    json!({
        "RegistryEntryBody": {
            "type": "object", "additionalProperties": false, "required": ["kind", "title"],
            "properties": {
                "kind": {"enum": codes_of(EntryKind::ALL.iter().map(|k| k.code()))},
                "title": {"type": "string", "minLength": 1, "maxLength": TITLE_MAX_CHARS},
                "summary": {"type": "string", "maxLength": TEXT_MAX_CHARS},
                "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2"},
                "city": {"type": ["string", "null"]},
                "operated_by": {"type": ["string", "null"]},
                "first_reported": {"anyOf": [date, {"type": "null"}]},
                "period": {"type": ["string", "null"], "description": "YYYY-MM for an incident; free text for a figure"},
                "tactics": {"type": "array", "items": {"type": "string"}},
                "people": {"type": ["integer", "null"], "minimum": 0},
                "value": {"type": ["string", "null"]},
                "party": {"anyOf": [{"enum": codes_of(PartyKind::ALL.iter().map(|k| k.code()))}, {"type": "null"}]},
                "naming_basis": {"anyOf": [{"enum": codes_of(NamingBasis::ALL.iter().map(|k| k.code()))}, {"type": "null"}]},
                "naming_sources": ids,
                "statuses": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["status"], "properties": {
                    "status": {"enum": codes_of(AllegationStatus::ALL.iter().map(|k| k.code()))},
                    "day": {"anyOf": [date, {"type": "null"}]},
                    "sources": ids}}},
                "responses": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["party", "kind", "summary"], "properties": {
                    "party": {"enum": codes_of(ResponseParty::ALL.iter().map(|k| k.code()))},
                    "kind": {"enum": codes_of(ResponseKind::ALL.iter().map(|k| k.code()))},
                    "day": {"anyOf": [date, {"type": "null"}]},
                    "summary": {"type": "string"},
                    "sources": ids}}},
                "about": {"type": "array", "items": {"type": "string", "description": "an entry id"}},
                "sources": ids
            }
        },
        "RegistrySource": {
            "type": "object",
            "properties": {
                "id": {"type": "string"}, "reference": {"type": ["string", "null"]},
                "url": {"type": "string"}, "publisher": {"type": "string"}, "title": {"type": "string"},
                "published": {"type": ["string", "null"]},
                "kind": {"enum": codes_of(SourceKind::ALL.iter().map(|k| k.code()))},
                "reliability": {"enum": codes_of(Reliability::ALL.iter().map(|k| k.code()))},
                "credibility": {"enum": codes_of(Credibility::ALL.iter().map(|k| k.code()))},
                "archived_sha256": {"type": ["string", "null"]},
                "added": {"type": "string"}
            }
        }
    })
}

/// The statistics routes: releases as published, and making one.
fn statistics_paths() -> Value {
    let tables: Vec<&str> = refuge_domain::statistics::ONE_WAY
        .iter()
        .copied()
        .chain(
            refuge_domain::statistics::TWO_WAY
                .iter()
                .map(|(name, _, _)| *name),
        )
        .collect();
    let summary = json!({"type": "object", "properties": {
        "release": {"type": "string"}, "from": {"type": "string"}, "through": {"type": "string"},
        "made": {"type": "string"}, "includes_current_month": {"type": "boolean"}}});
    json!({
        "/api/v1/statistics": {
            "get": {
                "summary": "A release's table as published (no sign-in): counts below k and those that would reveal them are null and suppressed",
                "parameters": [
                    {"name": "release", "in": "query", "schema": {"type": "string", "description": "a release id, or latest (the default)"}},
                    {"name": "by", "in": "query", "schema": {"enum": tables}}
                ],
                "responses": {
                    "200": {"description": "The cells, the totals and the rules", "content": {"application/json": {"schema": {"type": "object", "properties": {
                        "release": {"type": "string"}, "by": {"type": "string"},
                        "cells": {"type": "array", "items": {"type": "object", "properties": {
                            "key": {}, "count": {"type": ["integer", "null"]}, "suppressed": {"type": "boolean"}}}},
                        "totals": {}, "reports": {"type": "object"}, "rules": {"type": "object"}}}}}},
                    "400": error_response("`unknown_code`: no such table"),
                    "404": error_response("`no_release` (none published yet) or no such release")
                }
            }
        },
        "/api/v1/statistics/releases": {
            "get": {
                "summary": "Every release (no sign-in)",
                "responses": {"200": {"description": "The releases", "content": {"application/json": {"schema": {"type": "object", "properties": {"releases": {"type": "array", "items": summary}}}}}}}
            },
            "post": {
                "summary": "Makes a release of consenting reports through a month (researchers and administrators): the months after the last release, whole months only",
                "security": [{"staff": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false,
                    "properties": {"through": {"type": ["string", "null"], "description": "YYYY-MM; default the last closed month; the current month only when named"}}}}}},
                "responses": {
                    "201": {"description": "The release (with a warning when it counts the current month)", "content": {"application/json": {"schema": summary}}},
                    "400": error_response("`invalid_month`, `future_month`, invalid JSON"),
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators make releases"),
                    "409": error_response("`already_released`: those months are in a release"),
                    "413": error_response("Body too large"),
                    "415": error_response("Not JSON")
                }
            }
        }
    })
}

/// The registry's routes: public reads, researchers' writes.
fn registry_paths() -> Value {
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let entry_answer = json!({"type": "object", "properties": {"id": {"type": "string"}, "version": {"type": "integer"}, "published": {"type": "boolean"}}});
    let written = |what: &str| json!({"description": what, "content": {"application/json": {"schema": entry_answer.clone()}}});
    json!({
        "/api/v1/registry/entries": {
            "get": {
                "summary": "Published registry entries (no sign-in), filtered",
                "parameters": [
                    {"name": "kind", "in": "query", "schema": {"type": "string"}},
                    {"name": "country", "in": "query", "schema": {"type": "string"}},
                    {"name": "status", "in": "query", "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}}
                ],
                "responses": {
                    "200": {"description": "The entries", "content": {"application/json": {"schema": {"type": "object", "properties": {"entries": {"type": "array"}}}}}},
                    "400": error_response("`unknown_code` naming the filter")
                }
            },
            "post": {
                "summary": "A new entry, as a draft (researchers and administrators)",
                "security": [{"staff": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false, "required": ["entry"],
                    "properties": {"entry": {"$ref": "#/components/schemas/RegistryEntryBody"}}}}}},
                "responses": {
                    "201": written("The draft"),
                    "400": error_response("`invalid_entry` (each field and why), `unknown_code`, invalid JSON"),
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators write the registry"),
                    "413": error_response("Body too large"),
                    "415": error_response("Not JSON")
                }
            }
        },
        "/api/v1/registry/entries/{id}": {
            "get": {
                "summary": "A published entry with its sources, statuses over time, official responses and history (no sign-in)",
                "parameters": id,
                "responses": {
                    "200": {"description": "The entry", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "404": error_response("No published entry with this id")
                }
            },
            "put": {
                "summary": "A new draft version, written on the version read",
                "security": [{"staff": []}],
                "parameters": id,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false, "required": ["base_version", "entry"],
                    "properties": {"base_version": {"type": "integer", "minimum": 1}, "entry": {"$ref": "#/components/schemas/RegistryEntryBody"}}}}}},
                "responses": {
                    "200": written("The new version"),
                    "400": error_response("`invalid_entry`, `unknown_code`, invalid JSON"),
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators write the registry"),
                    "404": error_response("No such entry"),
                    "409": error_response("`version_conflict`: someone wrote a newer version"),
                    "413": error_response("Body too large"),
                    "415": error_response("Not JSON")
                }
            }
        },
        "/api/v1/registry/entries/{id}/publish": {
            "post": {
                "summary": "Publishes the newest version: never by its author (the two-person rule), never against the naming rule",
                "security": [{"staff": []}],
                "parameters": id,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false, "required": ["version"],
                    "properties": {"version": {"type": "integer", "minimum": 1}}}}}},
                "responses": {
                    "200": written("Published"),
                    "400": error_response("`invalid_entry`: `naming_without_basis`, `status_without_source`"),
                    "401": error_response("No or expired token"),
                    "403": error_response("`author_cannot_publish`, `not_a_publisher`, `forbidden`"),
                    "404": error_response("No such entry"),
                    "409": error_response("`version_conflict`: not the newest version"),
                    "415": error_response("Not JSON")
                }
            }
        },
        "/api/v1/registry/entries/{id}/withdraw": {
            "post": {
                "summary": "Takes a published entry off the public side (administrators); its versions stay on record",
                "security": [{"staff": []}],
                "parameters": id,
                "responses": {
                    "200": {"description": "Withdrawn", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "401": error_response("No or expired token"),
                    "403": error_response("Only administrators withdraw entries"),
                    "404": error_response("No published entry with this id")
                }
            }
        },
        "/api/v1/registry/drafts": {
            "get": {
                "summary": "Every entry, drafts included (researchers and administrators)",
                "security": [{"staff": []}],
                "responses": {
                    "200": {"description": "The entries", "content": {"application/json": {"schema": {"type": "object", "properties": {"entries": {"type": "array"}}}}}},
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators")
                }
            }
        },
        "/api/v1/registry/drafts/{id}": {
            "get": {
                "summary": "An entry with every version, who wrote and published each, and what stands in the way of publishing it",
                "security": [{"staff": []}],
                "parameters": id,
                "responses": {
                    "200": {"description": "The entry", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators"),
                    "404": error_response("No such entry")
                }
            }
        },
        "/api/v1/registry/sources": {
            "get": {
                "summary": "Every source (researchers and administrators)",
                "security": [{"staff": []}],
                "responses": {
                    "200": {"description": "The sources", "content": {"application/json": {"schema": {"type": "object", "properties": {"sources": {"type": "array", "items": {"$ref": "#/components/schemas/RegistrySource"}}}}}}},
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators")
                }
            },
            "post": {
                "summary": "A new source: URL, publisher, title, date, kind, Admiralty grades, the SHA-256 of an archived copy",
                "security": [{"staff": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false, "required": ["url", "publisher", "title", "kind"],
                    "properties": {
                        "url": {"type": "string"}, "publisher": {"type": "string"}, "title": {"type": "string"},
                        "date": {"type": ["string", "null"], "description": "YYYY, YYYY-MM or YYYY-MM-DD"},
                        "kind": {"type": "string"}, "reliability": {"type": ["string", "null"], "description": "A–F (default F, cannot be judged)"},
                        "credibility": {"type": ["string", "null"], "description": "1–6 (default 6, cannot be judged)"},
                        "archived_sha256": {"type": ["string", "null"]}
                    }}}}},
                "responses": {
                    "201": {"description": "The source", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistrySource"}}}},
                    "400": error_response("`invalid_entry` (`bad_url`, `bad_hash`, missing fields), `invalid_date`, `unknown_code`"),
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators write the registry"),
                    "413": error_response("Body too large"),
                    "415": error_response("Not JSON")
                }
            }
        },
        "/api/v1/registry/sources/{id}/archive": {
            "post": {
                "summary": "Keep an archived copy of a source: one `file` part, sealed as it arrives to the researchers and administrators of the day and the recovery key; its SHA-256 goes on the source (public), the copy never does. A new copy replaces the old.",
                "security": [{"staff": []}],
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "additionalProperties": false, "properties": {
                    "file": {"description": "the copy (a PDF, a web archive, a screenshot); at most files.per_file_bytes"}}}}}},
                "responses": {
                    "201": {"description": "Kept", "content": {"application/json": {"schema": {"type": "object", "properties": {
                        "source": {"$ref": "#/components/schemas/RegistrySource"}, "size": {"type": "integer"}}}}}},
                    "400": error_response("No file, more than one file, an empty file, or malformed multipart"),
                    "401": error_response("No or expired token"),
                    "403": error_response("Only researchers and administrators write the registry"),
                    "404": error_response("No such source"),
                    "413": error_response("The copy is larger than files.per_file_bytes"),
                    "415": error_response("Not multipart")
                }
            },
            "get": {
                "summary": "A source's archived copy, decrypted, as an attachment (researchers and administrators it was sealed to)",
                "security": [{"staff": []}],
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The copy", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    "401": error_response("No or expired token"),
                    "403": error_response("Not a researcher or administrator, or the copy was sealed before this account could receive it (`no_access`)"),
                    "404": error_response("No such source, or no copy kept")
                }
            }
        }
    })
}
