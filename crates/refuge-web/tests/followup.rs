//! The reporter's follow-up, through the real forms and the JSON API, on SQLite and PostgreSQL:
//! signing in with the receipt, the conversation both ways, hiding messages, the unread marker,
//! throttling per receipt, and session limits.

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use support::{TestApp, cookie_named, extract, html_unescape};

/// The receipt written as a reporter might type it: Arabic-Indic digits, dashes, odd spacing.
fn as_typed_in_arabic_indic(receipt: &str) -> String {
    receipt
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
            None => '-',
        })
        .collect::<String>()
        + "  "
}

async fn sign_in(t: &TestApp, locale: &str, typed: &str) -> String {
    let response = t
        .post_form(&format!("/{locale}/followup"), &[("receipt", typed)], None)
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(
        response
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some(format!("/{locale}/followup/case").as_str())
    );
    cookie_named(&response, "refuge_followup=").expect("reporter cookie")
}

fn csrf(body: &str) -> String {
    extract(body, r#"name="csrf" value=""#, "\"").expect("csrf field")
}

async fn a_reporter_and_a_caseworker_talk_through_the_receipt(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let narrative = "ئاكامنى ساقچىخانىغا چاقىردى — secret narrative 7731";
    let receipt = t.submit_report("ug", narrative).await;
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();

    let form = t.get("/ug/followup", None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"dir="rtl""#));
    assert!(form.body.contains(r#"name="receipt""#));

    let cookie = sign_in(&t, "ug", &as_typed_in_arabic_indic(&receipt)).await;
    assert!(
        !cookie.contains(&digits) && !cookie.contains(&digits[..12]),
        "the cookie never carries the receipt"
    );
    let case = t.get("/ug/followup/case", Some(&cookie)).await;
    assert_eq!(case.status, StatusCode::OK);
    assert!(case.body.contains(&Locale::Ug.t("status-plain-received")));
    assert!(case.body.contains(&Locale::Ug.t("followup-no-messages")));
    assert!(
        !case.body.contains("secret narrative 7731") && !case.body.contains(&digits),
        "the report and the receipt are never shown back"
    );

    // The caseworker writes from the report page.
    let staff = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&staff)).await;
    let link = extract(&inbox.body, r#"href="/en/staff/reports/"#, "\"").expect("report link");
    let page = t
        .get(&format!("/en/staff/reports/{link}"), Some(&staff))
        .await;
    assert!(page.body.contains(&Locale::En.t("messages-none")));
    let question = "Salam. Were you contacted again? 你还好吗？";
    let sent = t
        .post_form(
            &format!("/en/staff/reports/{link}/messages"),
            &[("csrf", &csrf(&page.body)), ("body", question)],
            Some(&staff),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    // The reporter reads it and answers.
    let case = t.get("/ug/followup/case", Some(&cookie)).await;
    assert!(
        html_unescape(&case.body).contains(question),
        "{}",
        case.body
    );
    let empty = t
        .post_form(
            "/ug/followup/messages",
            &[("csrf", &csrf(&case.body)), ("body", "  \n ")],
            Some(&cookie),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains(&Locale::Ug.t("problem-empty")));
    let answer = "ھەئە، ئۇلار يەنە تېلېفون قىلدى. Same number +86 138 0013 8000.";
    let forged = t
        .post_form(
            "/ug/followup/messages",
            &[("csrf", "0".repeat(32).as_str()), ("body", answer)],
            Some(&cookie),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "CSRF field checked");
    let replied = t
        .post_form(
            "/ug/followup/messages",
            &[("csrf", &csrf(&case.body)), ("body", answer)],
            Some(&cookie),
        )
        .await;
    assert_eq!(replied.status, StatusCode::OK);
    assert!(replied.body.contains(&Locale::Ug.t("followup-sent")));
    assert!(html_unescape(&replied.body).contains(answer));

    // Staff see the unread marker until they open the report.
    let inbox = t.get("/en/staff/inbox", Some(&staff)).await;
    assert!(inbox.body.contains(&Locale::En.t("inbox-unread")));
    let page = t
        .get(&format!("/en/staff/reports/{link}"), Some(&staff))
        .await;
    assert!(html_unescape(&page.body).contains(answer));
    let inbox = t.get("/en/staff/inbox", Some(&staff)).await;
    assert!(!inbox.body.contains(&Locale::En.t("inbox-unread")));

    // The reporter hides the caseworker's message from their own view; staff keep it.
    let case = t.get("/ug/followup/case", Some(&cookie)).await;
    let hide = extract(&case.body, r#"action="/ug/followup/messages/"#, "/hide").expect("hide");
    let hidden = t
        .post_form(
            &format!("/ug/followup/messages/{hide}/hide"),
            &[("csrf", &csrf(&case.body))],
            Some(&cookie),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::OK);
    assert!(!html_unescape(&hidden.body).contains(question));
    assert!(html_unescape(&hidden.body).contains(answer));
    let page = t
        .get(&format!("/en/staff/reports/{link}"), Some(&staff))
        .await;
    assert!(html_unescape(&page.body).contains(question));
    assert!(
        page.body
            .contains(&Locale::En.t("message-hidden-by-reporter"))
    );

    // Signing out ends the session on the server, not only in the browser.
    let out = t
        .post_form(
            "/ug/followup/leave",
            &[("csrf", &csrf(&hidden.body))],
            Some(&cookie),
        )
        .await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(
        t.get("/ug/followup/case", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn wrong_receipts_slow_down_that_receipt_only(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("en", "They followed me.").await;
    let malformed = t
        .post_form("/en/followup", &[("receipt", "1234 5678")], None)
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert!(malformed.body.contains(&Locale::En.t("followup-invalid")));
    assert!(
        malformed.body.contains("value=\"1234 5678\""),
        "what was typed is kept"
    );
    let wrong = refuge_crypto::Receipt::generate().grouped();
    for _ in 0..5 {
        let refused = t
            .post_form("/en/followup", &[("receipt", &wrong)], None)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    }
    let throttled = t
        .post_form("/en/followup", &[("receipt", &wrong)], None)
        .await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.body.contains("id=\"followup-error\""));
    // Nobody else is locked out.
    sign_in(&t, "en", &receipt).await;
    t.clock.advance(61);
    let later = t
        .post_form("/en/followup", &[("receipt", &wrong)], None)
        .await;
    assert_eq!(later.status, StatusCode::BAD_REQUEST, "the delay passes");
}

async fn reporter_sessions_end_when_idle_or_too_old(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("fr", "On m'a menacée.").await;
    let cookie = sign_in(&t, "fr", &receipt).await;
    t.clock.advance(19 * 60);
    assert_eq!(
        t.get("/fr/followup/case", Some(&cookie)).await.status,
        StatusCode::OK
    );
    t.clock.advance(21 * 60);
    assert_eq!(
        t.get("/fr/followup/case", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER,
        "idle"
    );
    let cookie = sign_in(&t, "fr", &receipt).await;
    for _ in 0..7 {
        t.clock.advance(15 * 60);
        assert_eq!(
            t.get("/fr/followup/case", Some(&cookie)).await.status,
            StatusCode::OK
        );
    }
    t.clock.advance(16 * 60);
    assert_eq!(
        t.get("/fr/followup/case", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER,
        "absolute limit of two hours"
    );
}

async fn the_reporter_api_mirrors_the_pages(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let submitted = t
        .post_json(
            "/api/v1/reports",
            &serde_json::json!({"narrative": "他们威胁我的父母。", "idempotency_key": "k".repeat(20)}),
            None,
        )
        .await;
    let receipt = submitted.json()["receipt"]
        .as_str()
        .expect("receipt")
        .to_owned();
    let reused = t
        .post_json(
            "/api/v1/reports",
            &serde_json::json!({"narrative": "x", "targets": ["nonsense"], "idempotency_key": "k".repeat(20)}),
            None,
        )
        .await;
    assert_eq!(
        reused.status,
        StatusCode::BAD_REQUEST,
        "invalid input is refused even under a key used before"
    );
    let full_width: String = receipt
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
            None => c,
        })
        .collect();
    let session = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": full_width}),
            None,
        )
        .await;
    assert_eq!(session.status, StatusCode::CREATED, "{}", session.body);
    let token = session.json()["token"].as_str().expect("token").to_owned();
    let wrong = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": refuge_crypto::Receipt::generate().grouped()}),
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"]["code"], "invalid_receipt");

    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    let id = list["reports"][0]["id"].as_str().expect("id").to_owned();
    let asked = t
        .post_json_bearer(
            &format!("/api/v1/reports/{id}/messages"),
            &serde_json::json!({"body": "Which city?"}),
            &staff,
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let blank = t
        .post_json_bearer(
            "/api/v1/reporter/messages",
            &serde_json::json!({"body": " "}),
            &token,
        )
        .await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    let answered = t
        .post_json_bearer(
            "/api/v1/reporter/messages",
            &serde_json::json!({"body": "蒙特利尔"}),
            &token,
        )
        .await;
    assert_eq!(answered.status, StatusCode::CREATED);

    let view = t.get_bearer("/api/v1/reporter/report", &token).await;
    assert_eq!(view.status, StatusCode::OK);
    let view = view.json();
    assert_eq!(view["status"], "received");
    assert_eq!(view["messages"][0]["from"], "caseworker");
    assert_eq!(view["messages"][0]["body"], "Which city?");
    assert!(
        view["messages"][0].get("author").is_none(),
        "no staff names"
    );
    assert_eq!(view["messages"][1]["body"], "蒙特利尔");
    assert!(view.get("report").is_none(), "never the report itself");
    let first = view["messages"][0]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        t.delete_bearer(&format!("/api/v1/reporter/messages/{first}"), &token)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.delete_bearer(
            &format!("/api/v1/reporter/messages/{}", "0".repeat(32)),
            &token
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let view = t.get_bearer("/api/v1/reporter/report", &token).await.json();
    assert_eq!(view["messages"].as_array().map(Vec::len), Some(1));

    let staff_view = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &staff)
        .await
        .json();
    assert_eq!(staff_view["messages"][0]["author"], "amina");
    assert_eq!(staff_view["messages"][0]["hidden_from_reporter"], true);
    assert_eq!(staff_view["messages"][1]["from"], "reporter");
    assert_eq!(
        t.get_bearer("/api/v1/reporter/report", &staff).await.status,
        StatusCode::UNAUTHORIZED,
        "a staff token is not a reporter token"
    );
}

on_both_engines!(
    a_reporter_and_a_caseworker_talk_through_the_receipt,
    wrong_receipts_slow_down_that_receipt_only,
    reporter_sessions_end_when_idle_or_too_old,
    the_reporter_api_mirrors_the_pages,
);
