//! Two-factor sign-in through the real pages and API, on both engines: enrolment with a QR code
//! and recovery codes, the code page of a sign-in, the API's `totp` field, a code never taken
//! twice, recovery codes used once, a hardware key's counter, the mandatory setting, an
//! administrator's reset, and the audit rows of each.

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_crypto::otp::OtpSecret;
use refuge_domain::AuditAction;
use refuge_domain::ports::prelude::*;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use support::{PASSWORD, START, TestApp, cookie_named, extract, session_cookie};

/// The secret shown on the two-factor page, read as a person would type it.
fn secret_on_page(body: &str) -> OtpSecret {
    let shown = extract(body, r#"id="tf-secret">"#, "<").expect("the key is shown");
    OtpSecret::from_base32(&shown).expect("a base32 key")
}

fn recovery_codes_on_page(body: &str) -> Vec<String> {
    let list = extract(body, r#"id="recovery-codes""#, "</ol>").expect("recovery codes");
    list.match_indices("<code>")
        .filter_map(|(i, tag)| extract(&list[i + tag.len() - 6..], "<code>", "</code>"))
        .collect()
}

/// Signs in through the form with the password: the code page and its challenge cookie.
async fn password_step(t: &TestApp, username: &str) -> (String, String) {
    let page = t
        .post_form(
            "/en/staff/login",
            &[("username", username), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"action="/en/staff/login/code""#));
    assert!(
        session_cookie(&page).is_none(),
        "no session before the code"
    );
    let challenge = cookie_named(&page, "refuge_challenge=").expect("a challenge cookie");
    (page.body, challenge)
}

async fn api_sign_in(t: &TestApp, username: &str, totp: Option<&str>) -> support::TestResponse {
    let mut body = serde_json::json!({"username": username, "password": PASSWORD});
    if let Some(code) = totp {
        body["totp"] = code.into();
    }
    t.post_json("/api/v1/staff/session", &body, None).await
}

async fn enrolment_through_the_page_and_sign_in_with_a_code(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let amina = t.log_in("amina").await;
    let account = t.get("/en/staff/account", Some(&amina)).await;
    assert!(
        account
            .body
            .contains(r#"href="/en/staff/account/two-factor""#)
    );

    let page = t.get("/en/staff/account/two-factor", Some(&amina)).await;
    assert_eq!(page.status, StatusCode::OK);
    let begun = t
        .submit(
            &page.body,
            "/en/staff/account/two-factor",
            &[("kind", "totp")],
            Some(&amina),
        )
        .await;
    let pending = t.follow(&begun, Some(&amina)).await;
    // The QR code is an SVG drawn on the server, named for screen readers; no script.
    assert!(
        pending
            .body
            .contains(r#"<svg role="img" aria-label="QR code"#),
        "{}",
        pending.body
    );
    assert!(!pending.body.contains("<script"));
    let secret = secret_on_page(&pending.body);
    let codes = recovery_codes_on_page(&pending.body);
    assert_eq!(codes.len(), 10);
    // A reload shows the same enrolment (until it is confirmed).
    let again = t.get("/en/staff/account/two-factor", Some(&amina)).await;
    assert_eq!(secret_on_page(&again.body).as_bytes(), secret.as_bytes());

    // A wrong code is refused in words; the enrolment stays.
    let wrong = t
        .submit(
            &again.body,
            "/en/staff/account/two-factor/confirm",
            &[("code", "000000")],
            Some(&amina),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains(r#"id="tf-problem""#));
    let confirmed = t
        .submit(
            &wrong.body,
            "/en/staff/account/two-factor/confirm",
            &[("code", &secret.time_code(START))],
            Some(&amina),
        )
        .await;
    let on = t.follow(&confirmed, Some(&amina)).await;
    assert!(on.body.contains(r#"id="tf-state""#), "{}", on.body);
    // Never shown again.
    assert!(!on.body.contains(&codes[0]));
    assert!(!on.body.contains(r#"id="tf-secret""#));

    // The next sign-in asks for a code. The code that confirmed enrolment is used: refused.
    let (code_page, challenge) = password_step(&t, "amina").await;
    assert!(code_page.contains(r#"autocomplete="one-time-code""#));
    let used = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &secret.time_code(START))],
            Some(&challenge),
        )
        .await;
    assert_eq!(used.status, StatusCode::UNAUTHORIZED);
    assert!(used.body.contains(r#"id="code-problem""#));
    // The challenge alone opens nothing.
    let inbox = t.get("/en/staff/inbox", Some(&challenge)).await;
    assert_eq!(inbox.status, StatusCode::SEE_OTHER);

    t.clock.advance(30);
    let signed_in = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &secret.time_code(START + 30))],
            Some(&challenge),
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    let session = session_cookie(&signed_in).expect("a session");
    assert_eq!(
        t.get("/en/staff/inbox", Some(&session)).await.status,
        StatusCode::OK
    );
    // The challenge was used up with it.
    let reused = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &codes[0])],
            Some(&challenge),
        )
        .await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert!(
        reused.body.contains(r#"id="login-problem""#),
        "{}",
        reused.body
    );

    // A recovery code works once, typed in capitals with spaces.
    let (_, challenge) = password_step(&t, "amina").await;
    let typed = format!(" {} ", codes[1].to_uppercase());
    let recovered = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &typed)],
            Some(&challenge),
        )
        .await;
    assert_eq!(
        recovered.status,
        StatusCode::SEE_OTHER,
        "{}",
        recovered.body
    );
    let (_, challenge) = password_step(&t, "amina").await;
    let twice = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &codes[1])],
            Some(&challenge),
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNAUTHORIZED);
    let session = session_cookie(&recovered).expect("a session");
    let status = t.get("/en/staff/account/two-factor", Some(&session)).await;
    let left = extract(&status.body, r#"id="tf-codes-left">"#, "</p>").expect("codes left");
    assert!(left.contains('9') && !left.contains("10"), "{left}");

    // A sign-in left too long on the code page starts again from the password.
    let (_, challenge) = password_step(&t, "amina").await;
    t.clock.advance(301);
    let now_code = |t: &TestApp| secret.time_code(t.app.now());
    let late = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &now_code(&t))],
            Some(&challenge),
        )
        .await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);
    assert!(late.body.contains(r#"action="/en/staff/login""#));
    let (_, challenge) = password_step(&t, "amina").await;
    let cleared = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &now_code(&t))],
            Some(&challenge),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.body);

    // Wrong codes count like wrong passwords: after the free ones, the account's sign-in
    // waits, with the wait said in words.
    let (_, challenge) = password_step(&t, "amina").await;
    for _ in 0..4 {
        let wrong = t
            .post_form(
                "/en/staff/login/code",
                &[("code", "123456")],
                Some(&challenge),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let held = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &now_code(&t))],
            Some(&challenge),
        )
        .await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "{}", held.body);
    t.clock.advance(61);
    let waited = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &now_code(&t))],
            Some(&challenge),
        )
        .await;
    assert_eq!(waited.status, StatusCode::SEE_OTHER, "{}", waited.body);

    // Turning it off takes a current code.
    let status = t.get("/en/staff/account/two-factor", Some(&session)).await;
    let refused = t
        .submit(
            &status.body,
            "/en/staff/account/two-factor/remove",
            &[("code", "111111")],
            Some(&session),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    t.clock.advance(30);
    let removed = t
        .submit(
            &status.body,
            "/en/staff/account/two-factor/remove",
            &[("code", &now_code(&t))],
            Some(&session),
        )
        .await;
    let off = t.follow(&removed, Some(&session)).await;
    assert!(off.body.contains(r#"id="tf-begin""#), "{}", off.body);
    t.log_in("amina").await;

    let actions: Vec<(AuditAction, String)> = t
        .app_store_audit()
        .await
        .into_iter()
        .map(|e| (e.action, e.subject))
        .collect();
    for wanted in [
        AuditAction::TwoFactorEnabled,
        AuditAction::RecoveryCodeUsed,
        AuditAction::TwoFactorRemoved,
    ] {
        assert!(actions.iter().any(|(a, _)| *a == wanted), "{wanted:?}");
    }
    assert!(
        actions
            .iter()
            .any(|(a, s)| *a == AuditAction::LoginFailed && s == "second_factor")
    );
    assert!(
        actions
            .iter()
            .any(|(a, s)| *a == AuditAction::Login && s.contains("second_factor=recovery_code"))
    );
}

async fn the_api_checks_the_totp_field_and_refuses_replays(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let token = t.api_token("amina").await;
    // A kind that is not one, or null where the schema says a string: refused in words.
    let array = t
        .post_json_bearer("/api/v1/staff/totp", &serde_json::json!([]), &token)
        .await;
    assert_eq!(
        array.status,
        StatusCode::BAD_REQUEST,
        "an array is not the object asked for"
    );
    for kind in [serde_json::json!("sms"), serde_json::Value::Null] {
        let refused = t
            .post_json_bearer(
                "/api/v1/staff/totp",
                &serde_json::json!({"kind": kind}),
                &token,
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{kind}");
    }
    let enrol = t
        .post_json_bearer("/api/v1/staff/totp", &serde_json::json!({}), &token)
        .await;
    assert_eq!(enrol.status, StatusCode::CREATED, "{}", enrol.body);
    let body = enrol.json();
    let uri = body["otpauth_uri"].as_str().expect("an otpauth address");
    assert!(uri.starts_with("otpauth://totp/Refuge:amina?"), "{uri}");
    let secret = OtpSecret::from_base32(body["secret"].as_str().unwrap()).unwrap();
    assert!(uri.contains(&format!("secret={}", secret.base32())));
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);

    // Pending: signing in does not ask for it yet.
    assert_eq!(
        api_sign_in(&t, "amina", None).await.status,
        StatusCode::CREATED
    );
    let wrong = t
        .post_json_bearer(
            "/api/v1/staff/totp/confirm",
            &serde_json::json!({"code": "000000"}),
            &token,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"]["code"], "totp_invalid");
    let confirmed = t
        .post_json_bearer(
            "/api/v1/staff/totp/confirm",
            &serde_json::json!({"code": secret.time_code(START)}),
            &token,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert_eq!(confirmed.json()["recovery_codes_left"], 10);
    // On: enrolling again is a conflict until it is turned off.
    let again = t
        .post_json_bearer("/api/v1/staff/totp", &serde_json::json!({}), &token)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let missing = api_sign_in(&t, "amina", None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.json()["error"]["code"], "totp_required");
    let wrong = api_sign_in(&t, "amina", Some("999999")).await;
    assert_eq!(wrong.json()["error"]["code"], "totp_invalid");
    // The code that confirmed enrolment was taken: the same step is refused.
    let replay = api_sign_in(&t, "amina", Some(&secret.time_code(START))).await;
    assert_eq!(replay.json()["error"]["code"], "totp_invalid");
    t.clock.advance(30);
    let code = secret.time_code(START + 30);
    assert_eq!(
        api_sign_in(&t, "amina", Some(&code)).await.status,
        StatusCode::CREATED
    );
    let replay = api_sign_in(&t, "amina", Some(&code)).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.json()["error"]["code"], "totp_invalid");
    // Typed in Arabic-Indic digits, the next code is read.
    t.clock.advance(30);
    let native: String = secret
        .time_code(START + 60)
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '٠' as u32).unwrap())
        .collect();
    assert_eq!(
        api_sign_in(&t, "amina", Some(&native)).await.status,
        StatusCode::CREATED
    );
    // A recovery code, once.
    assert_eq!(
        api_sign_in(&t, "amina", Some(&codes[9])).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        api_sign_in(&t, "amina", Some(&codes[9])).await.json()["error"]["code"],
        "totp_invalid"
    );
}

async fn a_hardware_key_counts_forward(t: TestApp) {
    t.add_staff("bilal", Role::Caseworker).await;
    let bilal = t.log_in("bilal").await;
    let page = t.get("/en/staff/account/two-factor", Some(&bilal)).await;
    let begun = t
        .submit(
            &page.body,
            "/en/staff/account/two-factor",
            &[("kind", "hotp")],
            Some(&bilal),
        )
        .await;
    let pending = t.follow(&begun, Some(&bilal)).await;
    assert!(pending.body.contains("ykman otp hotp"), "{}", pending.body);
    assert!(!pending.body.contains("<svg role=\"img\""));
    let secret = secret_on_page(&pending.body);
    let confirmed = t
        .submit(
            &pending.body,
            "/en/staff/account/two-factor/confirm",
            &[("code", &secret.counter_code(0))],
            Some(&bilal),
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    // The key's button was pressed twice without sending: counter 3 is still accepted.
    let (_, challenge) = password_step(&t, "bilal").await;
    let ok = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &secret.counter_code(3))],
            Some(&challenge),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    // An older code from the key is behind the counter now.
    let (_, challenge) = password_step(&t, "bilal").await;
    let behind = t
        .post_form(
            "/en/staff/login/code",
            &[("code", &secret.counter_code(2))],
            Some(&challenge),
        )
        .await;
    assert_eq!(behind.status, StatusCode::UNAUTHORIZED);

    // An administrator resets it (a lost key): the staff list says so.
    t.add_staff("admin", Role::Admin).await;
    let admin = t.log_in("admin").await;
    let list = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let id = extract(&list.body, "/en/staff/admin/staff/", "/reset-two-factor").expect("reset");
    let id = id.rsplit('/').next().unwrap().to_owned();
    let reset = t
        .submit(
            &list.body,
            &format!("/en/staff/admin/staff/{id}/reset-two-factor"),
            &[],
            Some(&admin),
        )
        .await;
    let after = t.follow(&reset, Some(&admin)).await;
    assert!(after.body.contains("bilal"), "{}", after.body);
    assert!(!after.body.contains("/reset-two-factor"));
    assert_eq!(
        t.post_form(
            "/en/staff/login",
            &[("username", "bilal"), ("password", PASSWORD)],
            None
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
}

async fn a_mandatory_second_factor_sends_members_to_enrol(engine: Engine) {
    let t = TestApp::with_settings(engine, |s| s.require_second_factor = true).await;
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("en", "Someone followed me").await;
    let amina = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&amina)).await;
    assert_eq!(inbox.status, StatusCode::SEE_OTHER);
    let page = t.follow(&inbox, Some(&amina)).await;
    assert!(page.body.contains(r#"id="tf-required""#), "{}", page.body);
    // Nothing else is open, on the API either.
    let token = t.api_token("amina").await;
    let reports = t.get_bearer("/api/v1/reports", &token).await;
    assert_eq!(reports.status, StatusCode::FORBIDDEN);
    assert_eq!(reports.json()["error"]["code"], "totp_enrolment_required");

    let enrol = t
        .post_json_bearer(
            "/api/v1/staff/totp",
            &serde_json::json!({"kind": "totp"}),
            &token,
        )
        .await;
    let secret = OtpSecret::from_base32(enrol.json()["secret"].as_str().unwrap()).unwrap();
    let confirmed = t
        .post_json_bearer(
            "/api/v1/staff/totp/confirm",
            &serde_json::json!({"code": secret.time_code(START)}),
            &token,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert_eq!(
        t.get_bearer("/api/v1/reports", &token).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.get("/en/staff/inbox", Some(&amina)).await.status,
        StatusCode::OK
    );
    // Mandatory: it cannot be turned off by its owner.
    let status = t.get("/en/staff/account/two-factor", Some(&amina)).await;
    assert!(status.body.contains(r#"id="tf-remove-required""#));
    assert!(!status.body.contains(r#"id="tf-remove""#));
}

/// A slow guesser who knows the password: the throttle forgets, the count of wrong codes in a
/// row does not; after ten, codes are refused (`totp_locked`) until a recovery code is used.
async fn wrong_codes_in_a_row_lock_the_factor(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.add_staff("admin", Role::Admin).await;
    let token = t.api_token("amina").await;
    let enrol = t
        .post_json_bearer("/api/v1/staff/totp", &serde_json::json!({}), &token)
        .await
        .json();
    let secret = OtpSecret::from_base32(enrol["secret"].as_str().unwrap()).unwrap();
    let recovery = enrol["recovery_codes"][0].as_str().unwrap().to_owned();
    t.post_json_bearer(
        "/api/v1/staff/totp/confirm",
        &serde_json::json!({"code": secret.time_code(START)}),
        &token,
    )
    .await;
    for attempt in 1..=10 {
        // Past the sign-in throttle's longest wait each time.
        t.clock.advance(901);
        let wrong = api_sign_in(&t, "amina", Some("123456")).await;
        let expected = if attempt < 10 {
            "totp_invalid"
        } else {
            "totp_locked"
        };
        assert_eq!(wrong.json()["error"]["code"], expected, "attempt {attempt}");
    }
    t.clock.advance(901);
    let right = api_sign_in(&t, "amina", Some(&secret.time_code(t.app.now()))).await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED);
    assert_eq!(right.json()["error"]["code"], "totp_locked");
    // A recovery code opens it, and codes work again.
    t.clock.advance(901);
    assert_eq!(
        api_sign_in(&t, "amina", Some(&recovery)).await.status,
        StatusCode::CREATED
    );
    t.clock.advance(30);
    assert_eq!(
        api_sign_in(&t, "amina", Some(&secret.time_code(t.app.now())))
            .await
            .status,
        StatusCode::CREATED
    );

    // Turning it off with wrong codes is throttled like a sign-in.
    let amina = t.log_in_with_code("amina", &secret).await;
    let page = t.get("/en/staff/account/two-factor", Some(&amina)).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            t.submit(
                &page.body,
                "/en/staff/account/two-factor/remove",
                &[("code", "000001")],
                Some(&amina),
            )
            .await
            .status,
        );
    }
    assert_eq!(statuses[0], StatusCode::BAD_REQUEST);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");

    // An administrator cannot reset their own factor (only remove it with a code).
    let admin = t.log_in("admin").await;
    let list = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let own = t
        .store
        .staff_by_username("admin")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let refused = t
        .post_form(
            &format!("/en/staff/admin/staff/{own}/reset-two-factor"),
            &support::hidden_fields(&list.body, "/en/staff/admin/invitations")
                .iter()
                .filter(|(n, _)| n == "csrf")
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
            Some(&admin),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

on_both_engines!(
    wrong_codes_in_a_row_lock_the_factor,
    enrolment_through_the_page_and_sign_in_with_a_code,
    the_api_checks_the_totp_field_and_refuses_replays,
    a_hardware_key_counts_forward,
);

#[tokio::test]
async fn mandatory_on_sqlite() {
    a_mandatory_second_factor_sends_members_to_enrol(Engine::Sqlite).await;
}

#[tokio::test]
async fn mandatory_on_postgres() {
    if refuge_store::testing::postgres_skipped() {
        return;
    }
    a_mandatory_second_factor_sends_members_to_enrol(Engine::Postgres).await;
}
