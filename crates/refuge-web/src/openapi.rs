//! The OpenAPI 3.1 description served at `/api/v1/openapi.json`. Written by hand beside
//! `routes.rs`; a test checks that every API route is described and nothing else is.

use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Refuge API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Anonymous intake and casework for reports of transnational repression. Errors are {\"error\":{\"code\",\"message\"}} with a 4xx status for anything the client sent."
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"staff": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object", "required": ["error"],
                    "properties": {"error": {"type": "object", "required": ["code", "message"],
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}
                },
                "Identifier": {
                    "type": "object", "additionalProperties": false, "required": ["kind", "value"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["phone", "email", "wechat", "messenger_or_social", "name_used", "vehicle_plate", "place"]},
                        "value": {"type": "string", "maxLength": 200}
                    }
                },
                "ReportSubmission": {
                    "type": "object", "additionalProperties": false,
                    "description": "Only narrative or at least one tactic is required; codes are validated against the taxonomy.",
                    "properties": {
                        "language": {"type": "string", "enum": ["en", "fr", "zh-Hans", "zh-Hant", "ug", "bo"]},
                        "origin_state": {"type": ["string", "null"], "example": "CN"},
                        "host_country": {"type": ["string", "null"], "example": "CA"},
                        "host_region": {"type": ["string", "null"], "example": "ON"},
                        "city": {"type": ["string", "null"], "maxLength": 200},
                        "occurred": {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}$"},
                        "tactics": {"type": "array", "items": {"type": "string"}},
                        "targets": {"type": "array", "items": {"type": "string", "enum": ["self", "relative_abroad", "relative_in_origin_state"]}},
                        "community": {"type": ["string", "null"]},
                        "narrative": {"type": ["string", "null"], "maxLength": 20000},
                        "identifiers": {"type": "array", "maxItems": 50, "items": {"$ref": "#/components/schemas/Identifier"}},
                        "consent": {"type": "object", "additionalProperties": false, "properties": {
                            "refer_to_police": {"type": "boolean"}, "refer_to_partners": {"type": "boolean"}, "research_statistics": {"type": "boolean"}}},
                        "contact": {"type": "object", "additionalProperties": false, "properties": {
                            "via_platform_only": {"type": "boolean"}, "details": {"type": ["string", "null"], "maxLength": 500}}},
                        "idempotency_key": {"type": "string", "minLength": 16, "maxLength": 200}
                    }
                },
                "Receipt": {
                    "type": "object", "required": ["receipt", "status"],
                    "properties": {"receipt": {"type": "string", "description": "28 digits in groups of four; shown once"}, "status": {"type": "string"}}
                },
                "ReportSummary": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"}, "received": {"type": "string", "format": "date"}, "status": {"type": "string"},
                        "tactics": {"type": "array", "items": {"type": "string"}},
                        "host_country": {"type": ["string", "null"]}, "host_region": {"type": ["string", "null"]},
                        "language": {"type": "string"}, "readable": {"type": "boolean"}
                    }
                }
            }
        },
        "paths": {
            "/api/v1/reports": {
                "post": {
                    "summary": "Submit a report anonymously",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportSubmission"}}}},
                    "responses": {
                        "201": {"description": "Stored durably; the receipt is shown this once", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                        "200": {"description": "A retry with the same idempotency_key: the same receipt", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}}},
                        "400": error_response("Invalid field, code or JSON"),
                        "413": error_response("Body too large"),
                        "415": error_response("Not JSON"),
                        "503": error_response("Nobody can receive reports yet, or storage is unavailable")
                    }
                },
                "get": {
                    "summary": "Inbox, newest first",
                    "security": [{"staff": []}],
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                        {"name": "cursor", "in": "query", "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "A page of reports", "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "reports": {"type": "array", "items": {"$ref": "#/components/schemas/ReportSummary"}},
                            "next_cursor": {"type": ["string", "null"]}}}}}},
                        "400": error_response("Invalid limit or cursor"),
                        "401": error_response("No or expired token"),
                        "403": error_response("Role may not see the inbox")
                    }
                }
            },
            "/api/v1/reports/{id}": {
                "get": {
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
                "post": {
                    "summary": "Sign in; returns a bearer token",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
                        "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}, "totp": {"type": "string"}}}}}},
                    "responses": {
                        "201": {"description": "Signed in", "content": {"application/json": {"schema": {"type": "object", "properties": {"token": {"type": "string"}}}}}},
                        "400": error_response("Invalid JSON"),
                        "401": error_response("Wrong username or password"),
                        "429": error_response("Too many failed attempts for this account")
                    }
                }
            },
            "/api/v1/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}}}
            }
        }
    })
}
