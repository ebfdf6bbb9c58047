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
        Some(format!("/{locale}/followup/case?signed-in").as_str())
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
        .submit(
            &page.body,
            &format!("/en/staff/reports/{link}/messages"),
            &[("body", question)],
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
        .submit(
            &case.body,
            "/ug/followup/messages",
            &[("body", "  \n ")],
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
    assert!(
        html_unescape(&forged.body).contains(answer),
        "nothing sent, the words kept"
    );
    let sent = t
        .submit(
            &case.body,
            "/ug/followup/messages",
            &[("body", answer)],
            Some(&cookie),
        )
        .await;
    let replied = t.follow(&sent, Some(&cookie)).await;
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
        .submit(
            &case.body,
            &format!("/ug/followup/messages/{hide}/hide"),
            &[],
            Some(&cookie),
        )
        .await;
    let hidden = t.follow(&hidden, Some(&cookie)).await;
    assert_eq!(hidden.status, StatusCode::OK);
    assert!(hidden.body.contains(&Locale::Ug.t("followup-hidden")));
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
    assert_eq!(
        out.headers
            .get("clear-site-data")
            .and_then(|v| v.to_str().ok()),
        Some("\"cache\", \"cookies\", \"storage\""),
        "nothing of the visit stays in the browser"
    );
    let out = t.follow(&out, None).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.body.contains(r#"id="signed-out""#));
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
    assert!(
        malformed
            .body
            .contains(&Locale::En.t("followup-wrong-length"))
    );
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
            &serde_json::json!({"narrative": "他们威胁我的父母。", "idempotency_key": "5d41402abc4b2a76b9719d911017c592"}),
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
            &serde_json::json!({"narrative": "x", "targets": ["nonsense"], "idempotency_key": "5d41402abc4b2a76b9719d911017c592"}),
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

/// Issue 8, item 2: a session that ended while someone wrote does not lose the words. They
/// travel back only in the page (never stored on the server) and return to the box, unsent.
async fn words_written_when_a_session_ended_come_back_unsent(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("zh-Hant", "他們打電話給我母親。").await;
    let cookie = sign_in(&t, "zh-Hant", &receipt).await;
    let case = t.get("/zh-Hant/followup/case", Some(&cookie)).await;
    t.clock.advance(21 * 60);
    let words = "他們昨天又打來了，號碼是 +86 138 0013 8000。<b>不是標記</b>";
    let ended = t
        .submit(
            &case.body,
            "/zh-Hant/followup/messages",
            &[("body", words)],
            Some(&cookie),
        )
        .await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
    assert!(html_unescape(&ended.body).contains(&Locale::ZhHant.t("followup-session-ended-kept")));
    assert!(
        !ended.body.contains("<b>不是標記</b>"),
        "kept text is escaped in the page"
    );
    let staff = t.api_token("amina").await;
    let id = t.get_bearer("/api/v1/reports", &staff).await.json()["reports"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &staff)
        .await
        .json();
    assert_eq!(
        report["messages"].as_array().map(Vec::len),
        Some(0),
        "nothing sent"
    );
    // Signing in again with the form of that page brings the words back into the box.
    let again = t
        .submit(
            &ended.body,
            "/zh-Hant/followup",
            &[("receipt", receipt.as_str())],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(
        cookie_named(&again, "refuge_followup=").is_some(),
        "signed in"
    );
    let textarea = extract(
        &again.body,
        r#"name="body" rows="6" dir="auto" aria-describedby="body-limit">"#,
        "</textarea>",
    )
    .expect("reply box");
    assert_eq!(html_unescape(&textarea), words);
    assert!(html_unescape(&again.body).contains(&Locale::ZhHant.t("followup-kept-back")));
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &staff)
        .await
        .json();
    assert_eq!(
        report["messages"].as_array().map(Vec::len),
        Some(0),
        "still unsent"
    );

    // The same for a caseworker whose session ended while writing to the reporter.
    let session = t.log_in("amina").await;
    let page = t
        .get(&format!("/en/staff/reports/{id}"), Some(&session))
        .await;
    t.clock.advance(31 * 60);
    let question = "Which number called? 哪個號碼？";
    let ended = t
        .submit(
            &page.body,
            &format!("/en/staff/reports/{id}/messages"),
            &[("body", question)],
            Some(&session),
        )
        .await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
    assert!(
        ended
            .body
            .contains(&Locale::En.t("staff-session-ended-kept"))
    );
    let back = t
        .submit(
            &ended.body,
            "/en/staff/login",
            &[("username", "amina"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(support::session_cookie(&back).is_some(), "signed in");
    assert!(html_unescape(&back.body).contains(&format!(">{question}</textarea>")));
    let staff = t.api_token("amina").await;
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &staff)
        .await
        .json();
    assert_eq!(
        report["messages"].as_array().map(Vec::len),
        Some(0),
        "still unsent"
    );
}

/// Issue 8, item 3: every form answers with a redirect (a reload sends nothing), and the same
/// form sent twice — a double click, Back and send — adds its message or files once.
async fn a_form_sent_twice_adds_once(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("ug", "ئۇلار تېلېفون قىلدى").await;
    let cookie = sign_in(&t, "ug", &receipt).await;
    let case = t.get("/ug/followup/case", Some(&cookie)).await;
    let message = "ئۈچ قېتىم يوللانغان خەت 4417";
    for _ in 0..3 {
        let sent = t
            .submit(
                &case.body,
                "/ug/followup/messages",
                &[("body", message)],
                Some(&cookie),
            )
            .await;
        assert_eq!(
            sent.status,
            StatusCode::SEE_OTHER,
            "answered with a redirect"
        );
        assert_eq!(
            sent.headers.get("location").and_then(|v| v.to_str().ok()),
            Some("/ug/followup/case")
        );
    }
    let after = t.get("/ug/followup/case", Some(&cookie)).await;
    assert_eq!(
        after.body.matches(message).count(),
        1,
        "one message, not three"
    );

    // Files: the same form (the same token) sent twice adds them once.
    let csrf = csrf(&after.body);
    let fields = support::hidden_fields(&after.body, "/ug/followup/files");
    let token = fields
        .iter()
        .find(|(n, _)| n == "form_token")
        .map(|(_, v)| v.clone())
        .expect("files form token");
    for _ in 0..2 {
        let added = t
            .post_multipart(
                "/ug/followup/files",
                &[("csrf", &csrf), ("form_token", &token)],
                &[("files", "note.txt", b"the same file")],
                Some(&cookie),
                None,
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let after = t.get("/ug/followup/case", Some(&cookie)).await;
    assert_eq!(
        after.body.matches("note.txt").count(),
        1,
        "one file, not two"
    );

    // A caseworker's message form sent twice: one message, one audit row.
    let staff = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&staff)).await;
    let link = extract(&inbox.body, r#"href="/en/staff/reports/"#, "\"").expect("report link");
    let page = t
        .get(&format!("/en/staff/reports/{link}"), Some(&staff))
        .await;
    for _ in 0..2 {
        let sent = t
            .submit(
                &page.body,
                &format!("/en/staff/reports/{link}/messages"),
                &[("body", "Only once, please.")],
                Some(&staff),
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER);
    }
    let page = t
        .get(&format!("/en/staff/reports/{link}"), Some(&staff))
        .await;
    assert_eq!(page.body.matches("Only once, please.").count(), 1);
    let audited = t
        .app_store_audit()
        .await
        .iter()
        .filter(|entry| entry.action == refuge_domain::AuditAction::MessageToReporter)
        .count();
    assert_eq!(audited, 1);
}

/// Issue 8, item 8: a typo caught by the check digit is called a typo, not "not found".
async fn a_mistyped_receipt_is_called_a_typo(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("en", "They followed me.").await;
    let digits: Vec<char> = receipt.chars().filter(char::is_ascii_digit).collect();
    let mut swapped = digits.clone();
    swapped.swap(3, 4);
    if swapped == digits {
        swapped[3] = if digits[3] == '9' { '0' } else { '9' };
    }
    let typed: String = swapped.iter().collect();
    let typo = t
        .post_form("/en/followup", &[("receipt", &typed)], None)
        .await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
    assert!(
        typo.body.contains(&Locale::En.t("followup-typo")),
        "{}",
        typo.body
    );
    let short = t
        .post_form("/en/followup", &[("receipt", &typed[..27])], None)
        .await;
    assert!(short.body.contains(&Locale::En.t("followup-wrong-length")));
    let unknown = t
        .post_form(
            "/en/followup",
            &[("receipt", &refuge_crypto::Receipt::generate().grouped())],
            None,
        )
        .await;
    assert!(unknown.body.contains(&Locale::En.t("followup-invalid")));
    let api = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": typed}),
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.json()["error"]["code"], "receipt_typo");
}

/// Security review I8: a message row moved from one report to another (by someone who can
/// write the database) does not join the other conversation, nor take the rest of it away.
async fn a_message_moved_between_reports_is_left_out(t: TestApp) {
    use refuge_domain::ports::prelude::*;
    use refuge_domain::ports::{MessageAuthor, NewMessage};
    t.add_staff("amina", Role::Caseworker).await;
    let first = t.submit_report("en", "The first report.").await;
    t.submit_report("en", "The second report.").await;
    let cookie = sign_in(&t, "en", &first).await;
    let case = t.get("/en/followup/case", Some(&cookie)).await;
    let secret = "only for the first report 9921";
    t.submit(
        &case.body,
        "/en/followup/messages",
        &[("body", secret)],
        Some(&cookie),
    )
    .await;
    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    let ids: Vec<String> = list["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_owned())
        .collect();
    let (second, first_id) = (ids[0].parse().expect("id"), ids[1].parse().expect("id"));
    let stored = t.store.messages(first_id).await.expect("messages");
    let moved = NewMessage {
        id: refuge_domain::MessageId::from_bytes([9; 16]),
        report_id: second,
        author: MessageAuthor::Reporter,
        sent: stored[0].sent,
        ciphertext: stored[0].ciphertext.clone(),
    };
    t.store.insert_message(&moved, None).await.expect("tamper");
    t.submit_report("en", "a third, so the inbox is busy").await;
    let page = t
        .get_bearer(&format!("/api/v1/reports/{second}"), &staff)
        .await;
    assert_eq!(page.status, StatusCode::OK, "the report still opens");
    assert!(!page.body.contains(secret), "without the moved message");
    let original = t
        .get_bearer(&format!("/api/v1/reports/{first_id}"), &staff)
        .await;
    assert!(original.body.contains(secret));
}

/// Security review L7: direction overrides and isolates in a reporter's free text are shown to
/// caseworkers as visible labels, so they cannot make a number read as another.
async fn direction_controls_in_free_text_are_shown_to_staff(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t
        .submit_report(
            "en",
            "He said to call +86 138\u{202E}0013 8000\u{202C} at once.",
        )
        .await;
    let cookie = sign_in(&t, "en", &receipt).await;
    let case = t.get("/en/followup/case", Some(&cookie)).await;
    t.submit(
        &case.body,
        "/en/followup/messages",
        &[("body", "The link was \u{2067}moc.elpmaxe\u{2069} again")],
        Some(&cookie),
    )
    .await;
    let staff = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&staff)).await;
    let link = extract(&inbox.body, r#"href="/en/staff/reports/"#, "\"").expect("report link");
    let page = t
        .get(&format!("/en/staff/reports/{link}"), Some(&staff))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains('\u{202E}') && !page.body.contains('\u{2067}'),
        "no override acts on the page"
    );
    for shown in [
        "\u{27E8}RLO\u{27E9}",
        "\u{27E8}PDF\u{27E9}",
        "\u{27E8}RLI\u{27E9}",
    ] {
        assert!(page.body.contains(shown), "{shown} shown");
    }
    assert!(page.body.contains(&Locale::En.t("bidi-control-shown")));
}

on_both_engines!(
    a_message_moved_between_reports_is_left_out,
    direction_controls_in_free_text_are_shown_to_staff,
    a_reporter_and_a_caseworker_talk_through_the_receipt,
    wrong_receipts_slow_down_that_receipt_only,
    reporter_sessions_end_when_idle_or_too_old,
    the_reporter_api_mirrors_the_pages,
    words_written_when_a_session_ended_come_back_unsent,
    a_form_sent_twice_adds_once,
    a_mistyped_receipt_is_called_a_typo,
);
