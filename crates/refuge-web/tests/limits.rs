//! Security review M6, through the real forms and API on both engines: the intake budget and
//! the cap on sending one form, the API's proof of work, per-report quotas for the reporter's
//! messages and for files, and conversations read a page at a time.

#[allow(unused_macros)]
#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_app::Settings;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use support::{TestApp, cookie_named, html_unescape};

/// Runs each `async fn(Engine)` on SQLite and on PostgreSQL: each test sets its own limits.
macro_rules! on_both {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[tokio::test] async fn $case() { super::$case(Engine::Sqlite).await; })+
        }
        mod postgres {
            use super::*;
            $(#[tokio::test] async fn $case() {
                if refuge_store::testing::postgres_skipped() { return; }
                super::$case(Engine::Postgres).await;
            })+
        }
    };
}

async fn send_form(t: &TestApp, token: &str, narrative: &str) -> support::TestResponse {
    t.post_form(
        "/ug/report",
        &[
            ("form_token", token),
            ("narrative", narrative),
            ("action", "submit"),
        ],
        None,
    )
    .await
}

/// Past the hourly budget the script-free form answers "try again in a few minutes" in the
/// reporter's language, with every word kept and the same form to send again; nothing is
/// stored meanwhile, and the API is held back alike.
async fn the_intake_budget_asks_to_try_again_and_keeps_the_words(engine: Engine) {
    let t = TestApp::with_settings(engine, |s: &mut Settings| {
        s.intake.reports_per_hour = 6;
        s.intake.burst = 2;
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    for n in 0..2 {
        let token = t.form_token("/ug/report").await;
        let sent = send_form(&t, &token, &format!("report {n}")).await;
        assert_eq!(sent.status, StatusCode::OK, "within the burst");
    }
    let token = t.form_token("/ug/report").await;
    let words = "ئاكامنى يەنە چاقىردى — the third report";
    let busy = send_form(&t, &token, words).await;
    assert_eq!(busy.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        busy.headers["retry-after"], "600",
        "one report every ten minutes"
    );
    let text = html_unescape(&busy.body);
    assert!(text.contains(words), "every word kept");
    assert!(
        text.contains(&Locale::Ug.t_with("error-intake-busy", &[("minutes", 10u64.into())])),
        "said in Uyghur"
    );
    assert!(busy.body.contains(&token), "the same form, to send again");
    let api = t
        .post_json(
            "/api/v1/reports",
            &serde_json::json!({"narrative": "api", "idempotency_key": "0f8fad5bd9cb469fa16570867728950e"}),
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(api.json()["error"]["code"], "intake_busy");
    assert!(api.headers.contains_key("retry-after"));

    t.clock.advance(600);
    let again = send_form(&t, &token, words).await;
    assert_eq!(again.status, StatusCode::OK, "ten minutes later it goes");
    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    assert_eq!(list["reports"].as_array().map(Vec::len), Some(3));
}

/// One form sent over and over (invalid each time, say) waits after a few tries.
async fn one_form_sent_over_and_over_waits(engine: Engine) {
    let t = TestApp::with_settings(engine, |s: &mut Settings| {
        s.intake.attempts_per_form = 3;
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    let token = t.form_token("/en/report").await;
    for _ in 0..3 {
        let refused = t
            .post_form(
                "/en/report",
                &[
                    ("form_token", &token),
                    ("occurred_year", "1800"),
                    ("action", "submit"),
                ],
                None,
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    }
    let busy = t
        .post_form(
            "/en/report",
            &[
                ("form_token", &token),
                ("narrative", "now valid"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(busy.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html_unescape(&busy.body).contains("now valid"));
    let other = t.form_token("/en/report").await;
    let sent = send_form(&t, &other, "another form is apart").await;
    assert_eq!(sent.status, StatusCode::OK);
}

/// An API client attaches a proof of work to each report: one hash for the server, a little
/// work for a client, a lot for a flood.
async fn api_reports_carry_a_proof_of_work(engine: Engine) {
    let t = TestApp::with_settings(engine, |s: &mut Settings| {
        s.intake.api_proof_of_work_bits = 10;
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    let issued = t
        .post_json("/api/v1/reports/token", &serde_json::json!({}), None)
        .await
        .json();
    assert_eq!(issued["proof_of_work_bits"], 10);
    let key = issued["idempotency_key"].as_str().expect("key").to_owned();
    let report = |proof: Option<&str>| {
        let mut body = serde_json::json!({"narrative": "with work", "idempotency_key": key});
        if let Some(proof) = proof {
            body["proof_of_work"] = proof.into();
        }
        body
    };
    let missing = t.post_json("/api/v1/reports", &report(None), None).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json()["error"]["code"], "proof_of_work_required");
    let unsolved = (0u64..)
        .map(|n| n.to_string())
        .find(|n| {
            refuge_app::budget::leading_zero_bits(&refuge_app::budget::proof_of_work_digest(
                key.as_bytes(),
                n,
            )) < 10
        })
        .expect("most nonces fail");
    let wrong = t
        .post_json("/api/v1/reports", &report(Some(&unsolved)), None)
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let nonce = refuge_app::budget::solve_proof_of_work(key.as_bytes(), 10);
    let done = t
        .post_json("/api/v1/reports", &report(Some(&nonce)), None)
        .await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    let keyless = t
        .post_json(
            "/api/v1/reports",
            &serde_json::json!({"narrative": "no key"}),
            None,
        )
        .await;
    assert_eq!(
        keyless.status,
        StatusCode::BAD_REQUEST,
        "the work is over a key"
    );
    // The script-free form needs none.
    let token = t.form_token("/en/report").await;
    assert_eq!(
        send_form(&t, &token, "by the form").await.status,
        StatusCode::OK
    );
}

async fn reporter_cookie(t: &TestApp, receipt: &str) -> String {
    let signed_in = t
        .post_form("/en/followup", &[("receipt", receipt)], None)
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    cookie_named(&signed_in, "refuge_followup=").expect("cookie")
}

/// A conversation has limits: messages from the reporter per day and in all, files per report.
/// Past them the words are kept and the reason said.
async fn a_conversation_has_quotas(engine: Engine) {
    let t = TestApp::with_settings(engine, |s: &mut Settings| {
        s.conversation.reporter_messages = 3;
        s.conversation.reporter_messages_per_day = 2;
        s.conversation.files_per_report = 1;
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("en", "quotas").await;
    let cookie = reporter_cookie(&t, &receipt).await;
    let send = |body: &'static str| {
        let t = &t;
        let cookie = cookie.clone();
        async move {
            let case = t.get("/en/followup/case", Some(&cookie)).await;
            t.submit(
                &case.body,
                "/en/followup/messages",
                &[("body", body)],
                Some(&cookie),
            )
            .await
        }
    };
    assert_eq!(send("one").await.status, StatusCode::SEE_OTHER);
    assert_eq!(send("two").await.status, StatusCode::SEE_OTHER);
    let today = send("three, too many today").await;
    assert_eq!(today.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html_unescape(&today.body).contains("three, too many today"),
        "kept"
    );
    assert!(
        today
            .body
            .contains(&Locale::En.t_with("error-quota-messages-today", &[("max", 2u64.into())]))
    );
    t.clock.advance(86_400);
    let cookie = reporter_cookie(&t, &receipt).await;
    let case = t.get("/en/followup/case", Some(&cookie)).await;
    let next_day = t
        .submit(
            &case.body,
            "/en/followup/messages",
            &[("body", "three")],
            Some(&cookie),
        )
        .await;
    assert_eq!(next_day.status, StatusCode::SEE_OTHER, "a new day");
    let case = t.get("/en/followup/case", Some(&cookie)).await;
    let full = t
        .submit(
            &case.body,
            "/en/followup/messages",
            &[("body", "four")],
            Some(&cookie),
        )
        .await;
    assert_eq!(full.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        full.body
            .contains(&Locale::En.t_with("error-quota-messages", &[("max", 3u64.into())]))
    );

    let reporter_api = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": receipt}),
            None,
        )
        .await
        .json();
    let token = reporter_api["token"].as_str().expect("token").to_owned();
    let api = t
        .post_json_bearer(
            "/api/v1/reporter/messages",
            &serde_json::json!({"body": "five"}),
            &token,
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(api.json()["error"]["code"], "too_many_messages");

    // Files: one per report here.
    let add = |name: &'static str| {
        let (t, cookie) = (&t, cookie.clone());
        async move {
            let case = t.get("/en/followup/case", Some(&cookie)).await;
            let hidden = support::hidden_fields(&case.body, "/en/followup/files");
            let fields: Vec<(&str, &str)> = hidden
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            t.post_multipart(
                "/en/followup/files",
                &fields,
                &[("files", name, b"evidence text")],
                Some(&cookie),
                None,
            )
            .await
        }
    };
    assert_eq!(add("first.txt").await.status, StatusCode::SEE_OTHER);
    let refused = add("second.txt").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused
            .body
            .contains(&Locale::En.t_with("error-quota-files", &[("max", 1u64.into())]))
    );
}

/// A long conversation is shown a page at a time, the newest first, on both sides.
async fn long_conversations_are_paged(engine: Engine) {
    let t = TestApp::with_settings(engine, |s: &mut Settings| {
        s.conversation.messages_per_page = 3;
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("en", "paging").await;
    let api = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &api).await.json();
    let id = list["reports"][0]["id"].as_str().expect("id").to_owned();
    for n in 1..=7 {
        let sent = t
            .post_json_bearer(
                &format!("/api/v1/reports/{id}/messages"),
                &serde_json::json!({"body": format!("message number {n:02}")}),
                &api,
            )
            .await;
        assert_eq!(sent.status, StatusCode::CREATED);
    }
    let staff = t.log_in("amina").await;
    let shows = |body: &str| -> Vec<u32> {
        (1..=7)
            .filter(|n| body.contains(&format!("message number {n:02}")))
            .collect()
    };
    let newest = t
        .get(&format!("/en/staff/reports/{id}"), Some(&staff))
        .await;
    assert_eq!(shows(&newest.body), vec![5, 6, 7]);
    assert!(
        newest
            .body
            .contains(&format!("/en/staff/reports/{id}?page=2#messages"))
    );
    let second = t
        .get(&format!("/en/staff/reports/{id}?page=2"), Some(&staff))
        .await;
    assert_eq!(shows(&second.body), vec![2, 3, 4]);
    let last = t
        .get(&format!("/en/staff/reports/{id}?page=3"), Some(&staff))
        .await;
    assert_eq!(shows(&last.body), vec![1]);
    assert!(!last.body.contains("?page=4"), "no page past the oldest");
    let beyond = t
        .get(&format!("/en/staff/reports/{id}?page=99"), Some(&staff))
        .await;
    assert_eq!(
        shows(&beyond.body),
        vec![1],
        "a page past the end shows the oldest"
    );

    let cookie = reporter_cookie(&t, &receipt).await;
    let case = t.get("/en/followup/case", Some(&cookie)).await;
    assert_eq!(shows(&case.body), vec![5, 6, 7]);
    let older = t.get("/en/followup/case?page=3", Some(&cookie)).await;
    assert_eq!(shows(&older.body), vec![1]);
    let full = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &api)
        .await
        .json();
    assert_eq!(
        full["messages"].as_array().map(Vec::len),
        Some(7),
        "the API gives the whole conversation"
    );
}

on_both!(
    the_intake_budget_asks_to_try_again_and_keeps_the_words,
    one_form_sent_over_and_over_waits,
    api_reports_carry_a_proof_of_work,
    a_conversation_has_quotas,
    long_conversations_are_paged,
);
