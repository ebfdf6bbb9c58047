//! The HTTP suite: the real router, driven in-process by submitting the real HTML forms (which
//! is the no-JavaScript test) and calling the JSON API. Every case runs on SQLite and on
//! PostgreSQL.

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::ports::prelude::*;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use support::{TestApp, cookie_named, extract, html_unescape};

async fn landing_pages_carry_language_direction_and_quick_exit(t: TestApp) {
    for locale in Locale::ALL {
        let page = t.get(&format!("/{}/", locale.tag()), None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!(
                r#"<html lang="{}" dir="{}">"#,
                locale.tag(),
                locale.dir()
            )),
            "{}",
            locale.tag()
        );
        assert!(page.body.contains(r#"class="quick-exit""#));
        assert!(!page.body.contains("<script"), "no JavaScript anywhere");
        assert!(
            !page.body.contains("Unknown localization"),
            "every string translated in {}",
            locale.tag()
        );
    }
    let rtl = t.get("/ug/report", None).await;
    assert!(rtl.body.contains(r#"dir="rtl""#));
}

async fn the_form_says_so_while_nobody_can_receive_reports(t: TestApp) {
    let form = t.get("/en/report", None).await;
    assert_eq!(form.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(form.body.contains(&Locale::En.t("report-not-accepting")));
    assert!(
        !form.body.contains("name=\"narrative\""),
        "no form that nobody could read"
    );
    let token = t.app.issue_form_token();
    let post = t
        .post_form(
            "/en/report",
            &[
                ("form_token", &token),
                ("narrative", "hello"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(post.status, StatusCode::SERVICE_UNAVAILABLE);
    t.add_staff("amina", Role::Caseworker).await;
    let session = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&session)).await;
    assert!(
        inbox.body.contains(&Locale::En.t("inbox-empty")),
        "nothing was stored"
    );
}

/// Extra form fields, the id of the error element expected, and its message.
type ValidationCase = (Vec<(&'static str, String)>, &'static str, String);

async fn every_validation_error_is_shown_beside_its_field_with_input_kept(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let cases: Vec<ValidationCase> = vec![
        (
            vec![],
            "narrative-error",
            Locale::En.t("problem-narrative_or_tactic_required"),
        ),
        (
            vec![("tactics", "made_up".into())],
            "tactics-error",
            Locale::En.t("problem-unknown_code"),
        ),
        (
            vec![("host_region", "ON".into())],
            "host_region-error",
            Locale::En.t("problem-region_without_country"),
        ),
        (
            vec![("host_country", "FR".into()), ("host_region", "ON".into())],
            "host_region-error",
            Locale::En.t("problem-region_not_in_country"),
        ),
        (
            vec![("host_country", "XX".into())],
            "host_country-error",
            Locale::En.t("problem-unknown_code"),
        ),
        (
            vec![
                ("occurred_month", "1".into()),
                ("occurred_year", "2099".into()),
            ],
            "occurred-error",
            Locale::En.t("problem-month_in_future"),
        ),
        (
            vec![("occurred_month", "3".into())],
            "occurred-error",
            Locale::En.t("problem-month_malformed"),
        ),
        (
            vec![("city", "Tor\u{202E}onto".into())],
            "city-error",
            Locale::En.t("problem-control_characters"),
        ),
        (
            vec![("identifiers.1.value", "+1 416 555 0100".into())],
            "identifiers.1.kind-error",
            Locale::En.t("problem-identifier_kind_required"),
        ),
        (
            vec![("contact.method", "other".into())],
            "contact.details-error",
            Locale::En.t("problem-contact_details_required"),
        ),
        (
            vec![("community", "martian".into())],
            "community-error",
            Locale::En.t("problem-unknown_code"),
        ),
        (
            vec![("origin_state", "RU".into())],
            "origin_state-error",
            Locale::En.t("problem-unknown_code"),
        ),
        (
            vec![("targets", "neighbour".into())],
            "targets-error",
            Locale::En.t("problem-unknown_code"),
        ),
        (
            vec![("narrative", "x".repeat(20_001))],
            "narrative-error",
            Locale::En.t_with(
                "problem-too_long",
                &[("max", 20_000u64.into()), ("excess", 1u64.into())],
            ),
        ),
    ];
    for (extra, error_id, message) in cases {
        let token = t.form_token("/en/report").await;
        let mut fields: Vec<(&str, String)> =
            vec![("form_token", token.clone()), ("action", "submit".into())];
        let keeps_narrative = !extra.iter().any(|(name, _)| *name == "narrative");
        if keeps_narrative && error_id != "narrative-error" {
            fields.push(("narrative", "kept text « 保留 » ساقلاندى".into()));
        }
        fields.extend(extra.iter().cloned());
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let page = t.post_form("/en/report", &borrowed, None).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{error_id}");
        let shown = extract(&page.body, &format!(r#"id="{error_id}">"#), "</p>")
            .unwrap_or_else(|| panic!("{error_id} shown in {}", page.body));
        assert_eq!(html_unescape(&shown), message, "{error_id}");
        assert!(page.body.contains(&Locale::En.t("report-errors-summary")));
        assert_eq!(
            extract(&page.body, r#"name="form_token" value=""#, "\""),
            Some(token),
            "same token kept for the retry"
        );
        if keeps_narrative && error_id != "narrative-error" {
            assert!(
                html_unescape(&page.body).contains("kept text « 保留 » ساقلاندى"),
                "{error_id}: input kept"
            );
        }
        for (name, value) in &extra {
            if *name == "identifiers.1.value" || *name == "city" {
                assert!(page.body.contains(value.as_str()), "{name} kept");
            }
        }
    }
    let many: Vec<(String, String)> = (0..51)
        .flat_map(|i| {
            [
                (format!("identifiers.{i}.kind"), "email".to_owned()),
                (
                    format!("identifiers.{i}.value"),
                    format!("x{i}@example.org"),
                ),
            ]
        })
        .collect();
    let token = t.form_token("/en/report").await;
    let mut fields: Vec<(&str, &str)> =
        many.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    fields.extend([
        ("form_token", token.as_str()),
        ("narrative", "n"),
        ("action", "submit"),
    ]);
    let page = t.post_form("/en/report", &fields, None).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains(r#"id="identifiers-error""#));
    assert!(page.body.contains("x50@example.org"), "all lines kept");
}

async fn a_forged_or_stale_form_token_keeps_the_input(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let page = t
        .post_form(
            "/fr/report",
            &[
                ("form_token", &"ab".repeat(32)),
                ("narrative", "texte conservé"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(html_unescape(&page.body).contains(&Locale::Fr.t("error-form-expired")));
    assert!(page.body.contains("texte conservé"));
    let fresh = extract(&page.body, r#"name="form_token" value=""#, "\"").expect("new token");
    assert!(t.app.read_form_token(&fresh).is_some());
}

async fn adding_identifier_lines_keeps_everything_and_submits_nothing(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let token = t.form_token("/en/report").await;
    let page = t
        .post_form(
            "/en/report",
            &[
                ("form_token", &token),
                ("identifier_rows", "3"),
                ("identifiers.0.kind", "wechat"),
                ("identifiers.0.value", "wx_officer"),
                ("narrative", "draft"),
                ("action", "more_identifiers"),
            ],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"name="identifiers.5.value""#),
        "three more lines"
    );
    assert!(page.body.contains("wx_officer") && page.body.contains(">draft</textarea>"));
    let session = t.log_in("amina").await;
    assert!(
        t.get("/en/staff/inbox", Some(&session))
            .await
            .body
            .contains(&Locale::En.t("inbox-empty"))
    );
}

async fn a_receipt_is_shown_once_and_a_retry_gets_the_same_one(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let token = t.form_token("/en/report").await;
    let fields = [
        ("form_token", token.as_str()),
        ("tactics", "threat_online"),
        ("narrative", "They called my mother."),
        ("action", "submit"),
    ];
    let first = t.post_form("/en/report", &fields, None).await;
    assert_eq!(first.status, StatusCode::OK);
    let receipt = extract(&first.body, r#"id="receipt">"#, "<").expect("receipt");
    let digits: String = receipt.chars().filter(|c| c.is_ascii_digit()).collect();
    assert_eq!(
        digits.len(),
        28,
        "≥ 80 bits: 27 random digits and a check digit"
    );
    assert!(refuge_crypto::Receipt::parse(&receipt).is_ok());
    assert_eq!(
        first
            .headers
            .get("cache-control")
            .map(|v| v.to_str().unwrap_or("")),
        Some("no-store")
    );
    let again = t.post_form("/en/report", &fields, None).await;
    assert_eq!(extract(&again.body, r#"id="receipt">"#, "<"), Some(receipt));
    assert!(again.body.contains(&Locale::En.t("receipt-repeated")));
    let session = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&session)).await;
    assert_eq!(
        inbox.body.matches("/staff/reports/").count(),
        1,
        "one report stored, not two"
    );
}

async fn uyghur_and_chinese_reports_are_read_back_intact(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let uyghur = "ئاكامنى ساقچىخانىغا چاقىردى. ئۇلار مېنى نامايىشقا قاتناشتى دېدى.";
    let chinese = "他们打电话给我，说如果我不回国，我父母会有麻烦。";
    for (locale, narrative, identifier) in
        [("ug", uyghur, "ئابدۇرېشىت"), ("zh-Hans", chinese, "王警官")]
    {
        let token = t.form_token(&format!("/{locale}/report")).await;
        let page = t
            .post_form(
                &format!("/{locale}/report"),
                &[
                    ("form_token", &token),
                    ("tactics", "relatives_threatened"),
                    ("tactics", "demand_to_return"),
                    ("targets", "relative_in_origin_state"),
                    ("host_country", "CA"),
                    ("host_region", "ON"),
                    ("city", "Toronto"),
                    ("occurred_month", "10"),
                    ("occurred_year", "2026"),
                    ("community", "uyghur"),
                    ("origin_state", "CN"),
                    ("identifiers.0.kind", "name_used"),
                    ("identifiers.0.value", identifier),
                    ("identifiers.1.kind", "phone"),
                    ("identifiers.1.value", "+86 138 0013 8000"),
                    ("narrative", narrative),
                    ("consent.refer_to_partners", "yes"),
                    ("contact.method", "platform"),
                    ("action", "submit"),
                ],
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{locale}");
    }
    let session = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&session)).await;
    let links: Vec<String> = inbox
        .body
        .match_indices("/en/staff/reports/")
        .map(|(i, _)| inbox.body[i..i + 50].to_owned())
        .collect();
    assert_eq!(links.len(), 2);
    let newest = t.get(&links[0], Some(&session)).await;
    assert!(
        newest.body.contains(chinese) && newest.body.contains("王警官"),
        "newest first: the Chinese report"
    );
    assert!(newest.body.contains("简体中文"));
    let older = t.get(&links[1], Some(&session)).await;
    assert!(older.body.contains(uyghur) && older.body.contains("ئابدۇرېشىت"));
    assert!(older.body.contains("+86 138 0013 8000") && older.body.contains("Toronto"));
    assert!(older.body.contains("Ontario, Canada") && older.body.contains("2026-10"));
    assert!(
        older.body.contains(r#"dir="auto" id="narrative""#),
        "user text isolated"
    );
}

async fn a_later_colleague_reads_only_after_a_grant(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("ug", "كونا دوكلات — before bilal").await;
    let admin = t.log_in("admin").await;
    // The administrator invites bilal through the admin page's real form; he chooses his
    // own password.
    let invitation = t.invite(&admin, "bilal", "caseworker").await;
    t.accept_invitation(&invitation, support::PASSWORD).await;
    t.submit_report("en", "after bilal joined").await;

    let bilal = t.log_in("bilal").await;
    let inbox = t.get("/en/staff/inbox", Some(&bilal)).await;
    assert_eq!(
        inbox.body.matches(&Locale::En.t("inbox-no-access")).count(),
        1,
        "only the older report is closed to him"
    );
    let old_link = support::report_links(&inbox.body)
        .pop()
        .expect("older report");
    let closed = t.get(&old_link, Some(&bilal)).await;
    assert_eq!(closed.status, StatusCode::FORBIDDEN);
    assert!(closed.body.contains(&Locale::En.t("report-no-access")));
    assert!(!closed.body.contains("before bilal"));

    let amina = t.log_in("amina").await;
    let report = t.get(&old_link, Some(&amina)).await;
    let csrf = extract(&report.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let grant_form = &report.body[report.body.find(r#"name="grantee""#).expect("grant form")..];
    let bilal_id = extract(grant_form, r#"<option value=""#, "\"").expect("bilal offered");
    let missing_csrf = t
        .post_form(
            &format!("{old_link}/grant"),
            &[("grantee", &bilal_id)],
            Some(&amina),
        )
        .await;
    assert_eq!(
        missing_csrf.status,
        StatusCode::FORBIDDEN,
        "CSRF token required"
    );
    let granted = t
        .post_form(
            &format!("{old_link}/grant"),
            &[("csrf", &csrf), ("grantee", &bilal_id)],
            Some(&amina),
        )
        .await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER);
    let open = t.get(&old_link, Some(&bilal)).await;
    assert_eq!(open.status, StatusCode::OK);
    assert!(open.body.contains("before bilal"));
    let audit = t.app_store_audit().await;
    assert!(
        audit
            .iter()
            .any(|a| a.action == refuge_domain::AuditAction::ReportAccessGranted)
    );
    assert!(audit.iter().any(
        |a| a.action == refuge_domain::AuditAction::InvitationAccepted
            && a.subject.contains("bilal")
            && a.subject.contains("intake_recipient=true")
    ));
}

async fn an_administrator_can_share_everything_they_hold(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.submit_report("en", "one").await;
    t.submit_report("en", "two").await;
    t.add_staff("chen", Role::Caseworker).await;
    let admin = t.log_in("admin").await;
    let page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let csrf = extract(&page.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let end = page.body.find("/grant-all\"").expect("grant-all form");
    let action = format!("{}/grant-all", &page.body[end - 32..end]);
    let shared = t
        .post_form(
            &format!("/en/staff/admin/staff/{action}"),
            &[("csrf", &csrf)],
            Some(&admin),
        )
        .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER);
    let location = shared
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(location.contains("shared=2"), "{location}");
    let chen = t.log_in("chen").await;
    let inbox = t.get("/en/staff/inbox", Some(&chen)).await;
    assert!(!inbox.body.contains(&Locale::En.t("inbox-no-access")));
}

async fn staff_sign_in_is_hardened(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let wrong = t
        .post_form(
            "/en/staff/login",
            &[("username", "amina"), ("password", "not the password")],
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.body.contains(&Locale::En.t("login-failed"))
            && wrong.body.contains(r#"value="amina""#)
    );
    let unknown = t
        .post_form(
            "/en/staff/login",
            &[("username", "nobody"), ("password", "not the password")],
            None,
        )
        .await;
    assert_eq!(
        (
            unknown.status,
            unknown.body.contains(&Locale::En.t("login-failed"))
        ),
        (StatusCode::UNAUTHORIZED, true),
        "same answer"
    );

    let ok = t
        .post_form(
            "/en/staff/login",
            &[("username", "amina"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let cookie = ok
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    for attribute in [
        "__Host-refuge_staff=",
        "Path=/",
        "HttpOnly",
        "SameSite=Strict",
        "Secure",
    ] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(
        !cookie.contains("Domain"),
        "__Host- cookies carry no Domain"
    );
    let second = t.log_in("amina").await;
    let first = cookie.split(';').next().unwrap_or("").to_owned();
    assert_ne!(first, second, "a new session id at every sign-in");

    let inbox = t.get("/en/staff/inbox", Some(&first)).await;
    let csrf = extract(&inbox.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let cross = t
        .post_form_with(
            "/en/staff/logout",
            &[("csrf", &csrf)],
            Some(&first),
            ("sec-fetch-site", "cross-site"),
        )
        .await;
    assert_eq!(
        cross.status,
        StatusCode::FORBIDDEN,
        "cross-site POST refused"
    );
    let out = t
        .post_form("/en/staff/logout", &[("csrf", &csrf)], Some(&first))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = t.get("/en/staff/inbox", Some(&first)).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie is dead"
    );
    assert_eq!(
        t.get("/en/staff/inbox", Some(&second)).await.status,
        StatusCode::OK,
        "other sessions live on"
    );
    let no_session = t.get("/en/staff/inbox", None).await;
    assert_eq!(
        no_session
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/en/staff/login")
    );
}

async fn failed_logins_slow_down_one_account_only(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.add_staff("bilal", Role::Caseworker).await;
    for _ in 0..5 {
        let page = t
            .post_form(
                "/en/staff/login",
                &[("username", "amina"), ("password", "guess guess guess")],
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let throttled = t
        .post_form(
            "/en/staff/login",
            &[("username", "amina"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(
        throttled.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(
        throttled
            .body
            .contains(&Locale::En.t_with("login-throttled", &[("minutes", 1u64.into())]))
    );
    for _ in 0..6 {
        t.post_form(
            "/en/staff/login",
            &[("username", "ghost"), ("password", "guess guess guess")],
            None,
        )
        .await;
    }
    let ghost = t
        .post_form(
            "/en/staff/login",
            &[("username", "ghost"), ("password", "x")],
            None,
        )
        .await;
    assert_eq!(
        ghost.status,
        StatusCode::TOO_MANY_REQUESTS,
        "unknown names are throttled the same way"
    );
    t.log_in("bilal").await;
    t.clock.advance(61);
    t.log_in("amina").await;
}

async fn sessions_end_when_idle_or_too_old(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let session = t.log_in("amina").await;
    t.clock.advance(29 * 60);
    assert_eq!(
        t.get("/en/staff/inbox", Some(&session)).await.status,
        StatusCode::OK
    );
    t.clock.advance(31 * 60);
    assert_eq!(
        t.get("/en/staff/inbox", Some(&session)).await.status,
        StatusCode::SEE_OTHER,
        "idle timeout"
    );
    let session = t.log_in("amina").await;
    for _ in 0..((12 * 60) / 25) {
        t.clock.advance(25 * 60);
        assert_eq!(
            t.get("/en/staff/inbox", Some(&session)).await.status,
            StatusCode::OK
        );
    }
    t.clock.advance(25 * 60);
    assert_eq!(
        t.get("/en/staff/inbox", Some(&session)).await.status,
        StatusCode::SEE_OTHER,
        "absolute timeout"
    );
}

async fn first_administrator_is_created_through_the_setup_link(t: TestApp) {
    let token = t
        .app
        .issue_setup_token()
        .await
        .expect("token")
        .expect("fresh install");
    let page = t.get(&format!("/en/setup/{token}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"id="setup-no-recovery""#),
        "says plainly the password cannot be recovered"
    );
    // While set-up is pending, the sign-in page says so and how to get a new link.
    let login = t.get("/en/staff/login", None).await;
    assert!(html_unescape(&login.body).contains(&Locale::En.t("login-setup-pending")));
    assert!(login.body.contains("refuge setup-link"));
    // Every problem at once, not one after the other.
    let everything = t
        .post_form(
            &format!("/en/setup/{token}"),
            &[
                ("username", "Bad Name"),
                ("password", "short"),
                ("password_confirm", "different"),
            ],
            None,
        )
        .await;
    assert_eq!(everything.status, StatusCode::BAD_REQUEST);
    for id in [
        "account-rule-username_invalid",
        "account-rule-password_too_short",
        "password-mismatch",
    ] {
        assert!(
            html_unescape(&everything.body).contains(&format!("<li>{}</li>", Locale::En.t(id))),
            "{id} listed"
        );
    }
    let mismatch = t
        .post_form(
            &format!("/en/setup/{token}"),
            &[
                ("username", "root"),
                ("password", support::PASSWORD),
                ("password_confirm", "different password"),
            ],
            None,
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert!(
        mismatch.body.contains(&Locale::En.t("password-mismatch"))
            && mismatch.body.contains(r#"value="root""#)
    );
    let short = t
        .post_form(
            &format!("/en/setup/{token}"),
            &[
                ("username", "root"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
            None,
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    let wrong_token = t
        .post_form(
            "/en/setup/0000",
            &[
                ("username", "root"),
                ("password", support::PASSWORD),
                ("password_confirm", support::PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(wrong_token.status, StatusCode::NOT_FOUND);
    let done = t
        .post_form(
            &format!("/en/setup/{token}"),
            &[
                ("username", "root"),
                ("password", support::PASSWORD),
                ("password_confirm", support::PASSWORD),
            ],
            None,
        )
        .await;
    // Signed in, and the organisation's recovery key shown this once before the inbox.
    assert_eq!(done.status, StatusCode::OK);
    let secret = extract(&done.body, r#"id="recovery-secret""#, "</pre>")
        .and_then(|tail| tail.split('>').nth(1).map(str::to_owned))
        .expect("the recovery key is shown");
    assert!(secret.starts_with("AGE-SECRET-KEY-1"), "{secret}");
    assert!(done.body.contains("/en/staff/inbox?signed-in"));
    assert!(t.app.has_recovery_key().await.expect("kept"));
    let cookie = support::session_cookie(&done).expect("signed in");
    assert_eq!(
        t.get("/en/staff/admin/staff", Some(&cookie)).await.status,
        StatusCode::OK
    );
    let recovery = t.get("/en/staff/admin/recovery-key", Some(&cookie)).await;
    assert!(recovery.body.contains(r#"id="recovery-present""#));
    assert!(!recovery.body.contains(&secret), "never shown again");
    let reuse = t.get(&format!("/en/setup/{token}"), None).await;
    assert!(reuse.body.contains(&Locale::En.t("setup-done")));
    assert!(t.app.issue_setup_token().await.expect("no token").is_none());
    let login = t.get("/en/staff/login", None).await;
    assert!(!html_unescape(&login.body).contains(&Locale::En.t("login-setup-pending")));
}

/// The browser sends the form, and the answer comes after a redirect to the form's own
/// address: as a browser keeping cookies does (the form's probe cookie came back).
async fn send_as_browser(
    t: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> (support::TestResponse, String) {
    let form = t.get(path, None).await;
    let probe = support::cookie_named(&form, "refuge_probe=").expect("probe cookie");
    let token = extract(&form.body, r#"name="form_token" value=""#, "\"").expect("token");
    let mut all = vec![("form_token", token.as_str()), ("action", "submit")];
    all.extend_from_slice(fields);
    let sent = t.post_form(path, &all, Some(&probe)).await;
    (sent, token)
}

/// Issue 8, item 4: the receipt is shown for a stated window after sending (a dropped
/// connection needs one), then never again; no form field comes back after leaving.
async fn the_receipt_is_shown_within_its_window_only(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let form = t.get("/zh-Hant/report", None).await;
    assert!(
        form.body
            .contains(r#"enctype="multipart/form-data" autocomplete="off""#),
        "the browser does not refill the form after leaving it"
    );
    let fields = [("narrative", "他們打電話恐嚇我的家人。")];
    let (sent, token) = send_as_browser(&t, "/zh-Hant/report", &fields).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "answered with a redirect"
    );
    assert_eq!(
        sent.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/zh-Hant/report"),
        "to the form's own address: the history shows nothing more"
    );
    let window = support::cookie_named(&sent, "refuge_sent=").expect("window cookie");
    assert!(
        !window.contains(&token[..0]) || window.len() < 100,
        "the cookie holds the form token, never the receipt"
    );
    let page = t.follow(&sent, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let receipt = extract(&page.body, r#"id="receipt">"#, "<").expect("receipt shown");
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    assert!(!window.contains(&digits[..10]));
    assert!(
        html_unescape(&page.body)
            .contains(&Locale::ZhHant.t_with("receipt-keep", &[("minutes", 15u64.into())]))
    );
    assert!(page.body.contains(r#"id="receipt-groups""#));
    // A reload within the window shows it again (the page says so), and stores nothing twice.
    let reload = t.get("/zh-Hant/report", Some(&window)).await;
    assert_eq!(
        extract(&reload.body, r#"id="receipt">"#, "<"),
        Some(receipt.clone())
    );
    // Resending the same form within the window: the same receipt, one report.
    let probe = "__Host-refuge_probe=1";
    let mut again_fields = vec![("form_token", token.as_str()), ("action", "submit")];
    again_fields.extend_from_slice(&fields);
    let again = t
        .post_form("/zh-Hant/report", &again_fields, Some(probe))
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    // After the window: never again, to anyone.
    t.clock.advance(15 * 60 + 1);
    let later = t.get("/zh-Hant/report", Some(&window)).await;
    assert!(
        later.body.contains(r#"name="narrative""#),
        "the form, not the receipt"
    );
    assert!(!later.body.contains(&receipt));
    assert!(html_unescape(&later.body).contains(&Locale::ZhHant.t("receipt-no-longer-shown")));
    let resent = t.post_form("/zh-Hant/report", &again_fields, None).await;
    assert_eq!(resent.status, StatusCode::OK);
    assert!(html_unescape(&resent.body).contains(&Locale::ZhHant.t("already-received")));
    assert!(!resent.body.contains(&receipt) && !resent.body.contains(&digits));
    let evidence = t
        .post_form("/zh-Hant/report/evidence", &[("form_token", &token)], None)
        .await;
    assert_eq!(
        evidence.status,
        StatusCode::NOT_FOUND,
        "nor through the evidence receipt"
    );
    let session = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&session)).await;
    assert_eq!(
        inbox.body.matches("/staff/reports/").count(),
        1,
        "one report"
    );

    // The reporter can close the window at once: "I have written it down".
    let (sent, _) = send_as_browser(&t, "/ug/report", &[("narrative", "ئىككىنچى")]).await;
    let window = support::cookie_named(&sent, "refuge_sent=").expect("window cookie");
    let page = t.follow(&sent, None).await;
    let receipt = extract(&page.body, r#"id="receipt">"#, "<").expect("receipt");
    let hidden = t
        .submit(&page.body, "/ug/report/receipt/hide", &[], Some(&window))
        .await;
    let after = t.follow(&hidden, Some(&window)).await;
    assert!(!after.body.contains(&receipt));
    assert!(html_unescape(&after.body).contains(&Locale::Ug.t("receipt-hidden")));
    assert!(
        !t.get("/ug/report", Some(&window))
            .await
            .body
            .contains(&receipt),
        "closed for good"
    );
    // Without cookies (no probe came back) the answer itself shows the receipt, as before.
    let token = t.form_token("/en/report").await;
    let direct = t
        .post_form(
            "/en/report",
            &[
                ("form_token", &token),
                ("narrative", "no cookies"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(direct.status, StatusCode::OK);
    assert!(direct.body.contains(r#"id="receipt""#));
}

/// Issue 8, item 5: a changed resend is never dropped silently: it is offered as a message,
/// and sending that adds it to the report once.
async fn changes_after_sending_are_offered_as_a_message(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let token = t.form_token("/ug/report").await;
    let first = t
        .post_form(
            "/ug/report",
            &[
                ("form_token", &token),
                ("narrative", "بىرىنچى نۇسخا"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    let receipt = extract(&first.body, r#"id="receipt">"#, "<").expect("receipt");
    let changed = t
        .post_form(
            "/ug/report",
            &[
                ("form_token", &token),
                ("narrative", "ئىككىنچى نۇسخا، تولۇقراق"),
                ("identifiers.0.kind", "phone"),
                ("identifiers.0.value", "+86 138 0013 8000"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    let text = html_unescape(&changed.body);
    assert!(
        text.contains(&Locale::Ug.t("changed-intro")),
        "said plainly"
    );
    assert!(
        text.contains("ئىككىنچى نۇسخا، تولۇقراق") && text.contains("+86 138 0013 8000"),
        "the new text is offered, not dropped"
    );
    assert!(changed.body.contains(&receipt), "still within the window");
    for _ in 0..2 {
        let added = t
            .submit(
                &changed.body,
                "/ug/report/addition",
                &[("body", "ئىككىنچى نۇسخا، تولۇقراق")],
                None,
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    assert_eq!(
        list["reports"].as_array().map(Vec::len),
        Some(1),
        "no second report"
    );
    let id = list["reports"][0]["id"].as_str().expect("id");
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &staff)
        .await
        .json();
    assert_eq!(
        report["report"]["narrative"], "بىرىنچى نۇسخا",
        "the report itself unchanged"
    );
    let messages = report["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1, "the addition, once");
    assert_eq!(messages[0]["from"], "reporter");
    assert_eq!(messages[0]["body"], "ئىككىنچى نۇسخا، تولۇقراق");

    // The API: the receipt again only for the same content within the window.
    let key = "9f86d081884c7d659a2feaa0c55ad015";
    let body = serde_json::json!({"narrative": "api report", "idempotency_key": key});
    let created = t.post_json("/api/v1/reports", &body, None).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let same = t.post_json("/api/v1/reports", &body, None).await;
    assert_eq!(same.status, StatusCode::OK);
    assert_eq!(same.json()["receipt"], created.json()["receipt"]);
    let other = t
        .post_json(
            "/api/v1/reports",
            &serde_json::json!({"narrative": "something else", "idempotency_key": key}),
            None,
        )
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.json()["error"]["code"], "idempotency_key_reused");
    assert!(other.json().get("receipt").is_none());
    t.clock.advance(16 * 60);
    let late = t.post_json("/api/v1/reports", &body, None).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.json()["error"]["code"], "already_received");
    assert!(
        !late
            .body
            .contains(created.json()["receipt"].as_str().unwrap_or("x"))
    );
}

/// Issue 8, items 6 and 7: direction marks copied from a right-to-left chat are dropped, not
/// refused; the form puts what happened first, states its limits, offers "another country"
/// and every year the rules allow, and a text over the limit comes back whole.
async fn the_form_is_forgiving_and_says_its_limits(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let form = t.get("/en/report", None).await;
    let body = &form.body;
    let at = |needle: &str| body.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(
        at(r#"id="narrative""#) < at(r#"id="tactics""#),
        "what happened comes first"
    );
    assert!(body.contains(r#"id="narrative-limit""#));
    assert!(body.contains(r#"name="identifiers.0.value" dir="auto" maxlength="200""#));
    assert!(body.contains(r#"name="city" dir="auto" maxlength="200""#));
    assert!(
        !body.contains(r#"name="narrative" dir="auto" rows="12" maxlength"#),
        "no maxlength that would cut a long paste silently"
    );
    assert!(body.contains(r#"<option value="1950">1950</option>"#));
    assert!(!body.contains(r#"<option value="1949">"#));
    let countries = extract(
        body,
        r#"id="host_country" name="host_country">"#,
        "</select>",
    )
    .expect("countries");
    assert!(
        countries.trim_end().ends_with(&format!(
            r#"<option value="ZZ">{}</option>"#,
            Locale::En.t("country-ZZ")
        )),
        "another country, last"
    );

    // Marks from a right-to-left chat around a phone number.
    let marked = "\u{200F}+86 138\u{200E} 0013 8000\u{061C}";
    let token = t.form_token("/ug/report").await;
    let sent = t
        .post_form(
            "/ug/report",
            &[
                ("form_token", &token),
                ("identifiers.0.kind", "phone"),
                ("identifiers.0.value", marked),
                ("narrative", "تېلېفون"),
                ("host_country", "ZZ"),
                ("occurred_month", "6"),
                ("occurred_year", "1989"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
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
        report["report"]["identifiers"][0]["value"],
        "+86 138 0013 8000"
    );
    assert_eq!(report["report"]["host_country"], "ZZ");
    assert_eq!(report["report"]["occurred"], "1989-06");
    let token = t.form_token("/ug/report").await;
    let tricked = t
        .post_form(
            "/ug/report",
            &[
                ("form_token", &token),
                ("identifiers.0.kind", "phone"),
                ("identifiers.0.value", "+86 138\u{202E}0013 8000"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(
        tricked.status,
        StatusCode::BAD_REQUEST,
        "overrides still refused"
    );

    // A paste over the limit: kept whole, with how much is too much.
    let long = "ئ".repeat(25_000);
    let token = t.form_token("/ug/report").await;
    let over = t
        .post_multipart(
            "/ug/report",
            &[
                ("form_token", &token),
                ("narrative", &long),
                ("action", "submit"),
            ],
            &[("files", "", b"")],
            None,
            None,
        )
        .await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert!(over.body.contains(&long), "the whole text is kept");
    assert!(html_unescape(&over.body).contains(&Locale::Ug.t_with(
        "problem-too_long",
        &[("max", 20_000u64.into()), ("excess", 5_000u64.into())]
    )));
}

/// Issue 8, set-up traps: a server that plainly cannot keep a secure cookie says so on its
/// sign-in page, and a sign-in whose cookie did not come back says why instead of looping.
async fn sign_in_says_when_cookies_cannot_work(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let warning = Locale::En.t("login-plain-http");
    let over_lan = t
        .get_with_host("/en/staff/login", "203.0.113.5:8080", &[])
        .await;
    assert!(html_unescape(&over_lan.body).contains(&warning));
    for (host, headers) in [
        ("localhost:8080", vec![]),
        ("127.0.0.1:8080", vec![]),
        (
            "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion",
            vec![],
        ),
        ("refuge.example.org", vec![("x-forwarded-proto", "https")]),
    ] {
        let page = t.get_with_host("/en/staff/login", host, &headers).await;
        assert!(!html_unescape(&page.body).contains(&warning), "{host}");
    }
    let signed = t
        .post_form(
            "/en/staff/login",
            &[("username", "amina"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    // The browser dropped the cookie: the inbox says why, rather than showing an empty form.
    let location = signed
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_owned();
    let dropped = t.get(&location, None).await;
    assert!(html_unescape(&dropped.body).contains(&Locale::En.t("login-cookie-refused")));
    let kept = support::session_cookie(&signed).expect("cookie");
    let arrived = t.follow(&signed, Some(&kept)).await;
    assert_eq!(
        arrived
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/en/staff/inbox"),
        "with the cookie, on to the plain address"
    );
    assert_eq!(t.follow(&arrived, Some(&kept)).await.status, StatusCode::OK);
}

async fn only_administrators_manage_staff(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    let amina = t.log_in("amina").await;
    assert_eq!(
        t.get("/en/staff/admin/staff", Some(&amina)).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = t.log_in("admin").await;
    let page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let bad = t
        .submit(
            &page.body,
            "/en/staff/admin/invitations",
            &[("username", "Bad Name"), ("role", "caseworker")],
            Some(&admin),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body
            .contains(&html_escape(&Locale::En.t("account-rule-username_invalid")))
            && bad.body.contains("Bad Name")
    );
    let taken = t
        .submit(
            &page.body,
            "/en/staff/admin/invitations",
            &[("username", "amina"), ("role", "caseworker")],
            Some(&admin),
        )
        .await;
    assert!(taken.body.contains(&Locale::En.t("username-taken")));
    let forbidden = t
        .post_form(
            "/en/staff/admin/invitations",
            &[
                (
                    "csrf",
                    &extract(
                        &t.get("/en/staff/inbox", Some(&amina)).await.body,
                        r#"name="csrf" value=""#,
                        "\"",
                    )
                    .expect("csrf"),
                ),
                ("username", "mallory"),
                ("role", "caseworker"),
            ],
            Some(&amina),
        )
        .await;
    assert_eq!(
        forbidden.status,
        StatusCode::FORBIDDEN,
        "caseworkers invite no one"
    );
    // A crafted link puts no words in the page (security review L5).
    let crafted = t
        .get(
            "/en/staff/admin/staff?shared=1000&with=everyone%20-%20URGENT:%20sign%20in%20again%20at%20refuge-support.example&added=URGENT",
            Some(&admin),
        )
        .await;
    assert!(!crafted.body.contains("URGENT") && !crafted.body.contains("refuge-support"));
    let invitation = t.invite(&admin, "rosa", "researcher").await;
    let rosa = t.accept_invitation(&invitation, support::PASSWORD).await;
    // Researchers see no inbox: they are sent to the registry, their work; a report's page
    // is refused to them.
    let sent = t.get("/en/staff/inbox", Some(&rosa)).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "researchers see no inbox"
    );
    assert_eq!(sent.headers["location"], "/en/staff/registry");
    let refused = t.get("/en/staff/correlation", Some(&rosa)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains(r#"id="staff-error""#) && !refused.body.contains("quick-exit"),
        "a staff page, not the reporters' error page: {}",
        refused.body
    );
}

async fn a_departing_colleague_loses_access_at_once(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("bilal", Role::Caseworker).await;
    let bilal = t.log_in("bilal").await;
    assert_eq!(
        t.get("/en/staff/inbox", Some(&bilal)).await.status,
        StatusCode::OK
    );
    let admin = t.log_in("admin").await;
    let page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let csrf = extract(&page.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let action =
        extract(&page.body, r#"href="/en/staff/admin/staff/"#, "/disable\"").expect("disable link");
    let own_id = t
        .store
        .staff_by_username("admin")
        .await
        .expect("query")
        .expect("admin")
        .id
        .to_string();
    assert_ne!(action, own_id, "no button to disable oneself");
    let refused = t
        .post_form(
            &format!("/en/staff/admin/staff/{own_id}/disable"),
            &[("csrf", &csrf)],
            Some(&admin),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "an administrator cannot disable themselves"
    );
    // Disabling asks first, and nothing happens until it is confirmed.
    let confirm = t
        .get(
            &format!("/en/staff/admin/staff/{action}/disable"),
            Some(&admin),
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        html_unescape(&confirm.body).contains(
            &Locale::En.t_with("admin-disable-question", &[("username", "bilal".into())])
        )
    );
    assert!(confirm.body.contains(r#"id="disable-consequences""#));
    assert_eq!(
        t.get("/en/staff/inbox", Some(&bilal)).await.status,
        StatusCode::OK,
        "not disabled by looking"
    );
    let disabled = t
        .submit(
            &confirm.body,
            &format!("/en/staff/admin/staff/{action}/disable"),
            &[],
            Some(&admin),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER);
    let notice = t
        .get(
            disabled
                .headers
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
            Some(&admin),
        )
        .await;
    assert!(notice.body.contains(&Locale::En.t("admin-status-disabled")));

    assert_eq!(
        t.get("/en/staff/inbox", Some(&bilal)).await.status,
        StatusCode::SEE_OTHER,
        "his open session ended"
    );
    let again = t
        .post_form(
            "/en/staff/login",
            &[("username", "bilal"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "and he cannot sign in"
    );
    t.submit_report("en", "after bilal left").await;
    let admin_inbox = t.get("/en/staff/inbox", Some(&admin)).await;
    let link = support::report_links(&admin_inbox.body)
        .pop()
        .expect("report");
    let id: refuge_domain::ReportId = link.rsplit('/').next().unwrap_or("").parse().expect("id");
    let stored = t.store.report(id).await.expect("query").expect("report");
    let bilal_id = t
        .store
        .staff_by_username("bilal")
        .await
        .expect("query")
        .expect("bilal")
        .id;
    assert!(
        !stored.recipients.contains(&bilal_id),
        "nothing submitted afterwards is encrypted to him"
    );
    assert!(
        t.app_store_audit()
            .await
            .iter()
            .any(|a| a.action == refuge_domain::AuditAction::StaffDisabled
                && a.subject.contains("bilal"))
    );

    // An administrator can undo it: he signs in again and receives new reports again.
    let page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let enabled = t
        .submit(
            &page.body,
            &format!("/en/staff/admin/staff/{action}/enable"),
            &[],
            Some(&admin),
        )
        .await;
    let notice = t.follow(&enabled, Some(&admin)).await;
    assert!(
        html_unescape(&notice.body)
            .contains(&Locale::En.t_with("admin-enabled-notice", &[("username", "bilal".into())]))
    );
    t.log_in("bilal").await;
    t.submit_report("en", "after bilal came back").await;
    let admin_inbox = t.get("/en/staff/inbox", Some(&admin)).await;
    let newest = support::report_links(&admin_inbox.body)
        .into_iter()
        .next()
        .expect("report");
    let newest: refuge_domain::ReportId =
        newest.rsplit('/').next().unwrap_or("").parse().expect("id");
    let newest = t
        .store
        .report(newest)
        .await
        .expect("query")
        .expect("report");
    assert!(newest.recipients.contains(&bilal_id));
    assert!(
        !t.store
            .report(id)
            .await
            .expect("query")
            .expect("report")
            .recipients
            .contains(&bilal_id),
        "what came while he was disabled stays sealed without him"
    );
    assert!(t.app_store_audit().await.iter().any(|a| a.action
        == refuge_domain::AuditAction::StaffEnabled
        && a.subject.contains("bilal")));
}

async fn staff_change_their_own_password(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("ug", "ئاۋۋال يېزىلغان").await;
    let amina = t.log_in("amina").await;
    // Signed in elsewhere too: a phone, or a cookie someone stole.
    let elsewhere = t.log_in("amina").await;
    let token = t.api_token("amina").await;
    let page = t.get("/en/staff/account", Some(&amina)).await;
    let csrf = extract(&page.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let new = "a much longer new passphrase";
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let (csrf, amina) = (csrf.clone(), amina.clone());
        let t = &t;
        async move {
            t.post_form(
                "/en/staff/account/password",
                &[
                    ("csrf", &csrf),
                    ("current_password", current),
                    ("new_password", new),
                    ("new_password_confirm", confirm),
                ],
                Some(&amina),
            )
            .await
        }
    };
    let wrong = change(
        "not my password",
        "a much longer new passphrase",
        "a much longer new passphrase",
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains(&Locale::En.t("password-wrong-current")));
    let short = change(support::PASSWORD, "short", "short").await;
    assert!(
        short
            .body
            .contains(&Locale::En.t("account-rule-password_too_short"))
    );
    let mismatch = change(
        support::PASSWORD,
        "a much longer new passphrase",
        "something else entirely",
    )
    .await;
    assert!(mismatch.body.contains(&Locale::En.t("password-mismatch")));
    let done = change(
        support::PASSWORD,
        "a much longer new passphrase",
        "a much longer new passphrase",
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        t.get("/en/staff/inbox", Some(&amina)).await.status,
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        t.get("/en/staff/inbox", Some(&elsewhere)).await.status,
        StatusCode::SEE_OTHER,
        "every other session ended with the change (security review L1)"
    );
    assert_eq!(
        t.get_bearer("/api/v1/reports", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    // API clients can sign out (L1), and signing out clears what the browser kept (I4).
    let token = t.api_token_with("amina", new).await;
    assert_eq!(
        t.get_bearer("/api/v1/reports", &token).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.delete_bearer("/api/v1/staff/session", &token)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.get_bearer("/api/v1/reports", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let page = t.get("/en/staff/inbox", Some(&amina)).await;
    let out = t
        .submit(&page.body, "/en/staff/logout", &[], Some(&amina))
        .await;
    assert_eq!(
        out.headers
            .get("clear-site-data")
            .and_then(|v| v.to_str().ok()),
        Some("\"cache\", \"storage\"")
    );

    let old = t
        .post_form(
            "/en/staff/login",
            &[("username", "amina"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(
        old.status,
        StatusCode::UNAUTHORIZED,
        "the old password no longer opens the key"
    );
    let signed_in = t
        .post_form(
            "/en/staff/login",
            &[("username", "amina"), ("password", new)],
            None,
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let cookie = support::session_cookie(&signed_in).expect("cookie");
    let inbox = t.get("/en/staff/inbox", Some(&cookie)).await;
    let link = support::report_links(&inbox.body).pop().expect("report");
    assert!(
        t.get(&link, Some(&cookie))
            .await
            .body
            .contains("ئاۋۋال يېزىلغان"),
        "same key, earlier reports still open"
    );
    assert!(
        t.app_store_audit()
            .await
            .iter()
            .any(|a| a.action == refuge_domain::AuditAction::PasswordChanged)
    );
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn the_api_mirrors_the_pages(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let body = serde_json::json!({
        "language": "zh-Hant", "origin_state": "CN", "host_country": "CA", "host_region": "BC", "occurred": "2026-09",
        "tactics": ["threat_online", "relatives_threatened"], "targets": ["self"], "community": "hong_kong",
        "narrative": "有人在微信上威脅我。", "identifiers": [{"kind": "wechat", "value": "hk_watcher"}],
        "consent": {"refer_to_police": true, "refer_to_partners": false, "research_statistics": true},
        "contact": {"via_platform_only": true}, "idempotency_key": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    });
    let created = t.post_json("/api/v1/reports", &body, None).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let receipt = created.json()["receipt"]
        .as_str()
        .expect("receipt")
        .to_owned();
    let retry = t.post_json("/api/v1/reports", &body, None).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.json()["receipt"].as_str(), Some(receipt.as_str()));

    let bad = t
        .post_json(
            "/api/v1/reports",
            &serde_json::json!({"tactics": ["nope"]}),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["code"], "invalid_input");
    assert!(
        bad.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("tactics")
    );
    let unknown_field = t
        .post_json(
            "/api/v1/reports",
            &serde_json::json!({"narrative": "x", "colour": "red"}),
            None,
        )
        .await;
    assert_eq!(unknown_field.json()["error"]["code"], "invalid_json");
    let not_json = t
        .post_raw("/api/v1/reports", "text/plain", b"hello".to_vec(), None)
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = t
        .post_raw(
            "/api/v1/reports",
            "application/json",
            b"{\"narrative\": ".to_vec(),
            None,
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);

    let unauthenticated = t.get("/api/v1/reports", None).await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unauthenticated.json()["error"]["code"], "unauthenticated");
    let wrong = t
        .post_json(
            "/api/v1/staff/session",
            &serde_json::json!({"username": "amina", "password": "wrong wrong"}),
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let signed_in = t
        .post_json(
            "/api/v1/staff/session",
            &serde_json::json!({"username": "amina", "password": support::PASSWORD}),
            None,
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::CREATED);
    let token = signed_in.json()["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let list = t.get_bearer("/api/v1/reports?limit=10", &token).await;
    assert_eq!(list.status, StatusCode::OK);
    let reports = list.json()["reports"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["host_region"], "BC");
    assert_eq!(reports[0]["language"], "zh-Hant");
    let id = reports[0]["id"].as_str().unwrap_or("").to_owned();
    let one = t.get_bearer(&format!("/api/v1/reports/{id}"), &token).await;
    assert_eq!(one.json()["report"]["narrative"], "有人在微信上威脅我。");
    assert_eq!(
        one.json()["report"]["identifiers"][0]["value"],
        "hk_watcher"
    );
    assert_eq!(one.json()["report"]["consent"]["refer_to_police"], true);
    assert_eq!(
        t.get_bearer("/api/v1/reports/ffff", &token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.get_bearer("/api/v1/reports?limit=0", &token).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        t.get("/api/v1/nothing", None).await.json()["error"]["code"],
        "not_found"
    );
}

async fn the_openapi_document_describes_every_api_route(t: TestApp) {
    let document = t.get("/api/v1/openapi.json", None).await.json();
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    let mut described = 0;
    for (side, method, path) in refuge_web::ROUTES {
        if *side != refuge_web::RouteSide::Api {
            continue;
        }
        let operation = &paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} described"))[method.to_lowercase()];
        assert!(operation.is_object(), "{method} {path} described");
        described += 1;
    }
    let documented: usize = paths
        .values()
        .map(|p| p.as_object().map(|o| o.len()).unwrap_or(0))
        .sum();
    assert_eq!(
        documented, described,
        "no operation described that does not exist"
    );
}

async fn every_response_carries_the_security_headers(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let session = t.log_in("amina").await;
    let mut responses = Vec::new();
    for (_, method, path) in refuge_web::ROUTES {
        let concrete = path
            .replace("{id}", &"0".repeat(32))
            .replace("{token}", "abc");
        let response = if *method == "GET" {
            t.get(&concrete, Some(&session)).await
        } else {
            t.post_form(&concrete, &[], Some(&session)).await
        };
        responses.push((format!("{method} {path}"), response));
    }
    responses.push(("404".into(), t.get("/en/no-such-page", None).await));
    responses.push(("405".into(), t.delete("/en/report").await));
    responses.push((
        "413".into(),
        t.post_form(
            "/en/report",
            &[("narrative", &"x".repeat(2 * 1024 * 1024))],
            None,
        )
        .await,
    ));
    responses.push(("redirect".into(), t.get("/en/staff/inbox", None).await));
    let statuses: Vec<u16> = responses.iter().map(|(_, r)| r.status.as_u16()).collect();
    assert!(
        statuses.contains(&404)
            && statuses.contains(&405)
            && statuses.contains(&413)
            && statuses.contains(&303)
    );
    for (name, response) in &responses {
        assert!(
            response.status.as_u16() < 500,
            "{name}: {}",
            response.status
        );
        let policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        let is_download = response
            .headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("attachment;"));
        // Downloads also get `sandbox`, and are never anything but octet streams.
        let policy = if is_download {
            assert_eq!(
                response.headers["content-type"], "application/octet-stream",
                "{name}"
            );
            format!("{policy}; sandbox")
        } else {
            policy.to_owned()
        };
        for (header, value) in [
            ("content-security-policy", policy.as_str()),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
            ("cache-control", "no-store"),
        ] {
            assert_eq!(
                response.headers.get(header).and_then(|v| v.to_str().ok()),
                Some(value),
                "{name}: {header}"
            );
        }
        assert!(
            response.headers.contains_key("permissions-policy"),
            "{name}"
        );
    }
}

async fn malformed_bodies_get_clear_4xx_pages(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let invalid_utf8 = t
        .post_raw(
            "/ug/report",
            "application/x-www-form-urlencoded",
            b"narrative=%FF%FE&action=submit".to_vec(),
            None,
        )
        .await;
    assert_eq!(invalid_utf8.status, StatusCode::BAD_REQUEST);
    assert!(
        invalid_utf8
            .body
            .contains(&Locale::Ug.t("error-bad-request"))
    );
    let duplicated = t
        .post_raw(
            "/en/report",
            "application/x-www-form-urlencoded",
            b"narrative=a&narrative=b".to_vec(),
            None,
        )
        .await;
    assert_eq!(duplicated.status, StatusCode::BAD_REQUEST);
    let huge_index = t
        .post_form("/en/report", &[("identifiers.99999.value", "x")], None)
        .await;
    assert_eq!(huge_index.status, StatusCode::BAD_REQUEST);
    let too_large = t
        .post_form(
            "/zh-Hant/report",
            &[("narrative", &"字".repeat(1024 * 1024))],
            None,
        )
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        too_large
            .body
            .contains(&Locale::ZhHant.t("error-too-large"))
    );
}

/// Security review M4 and L6: parallel attempts cannot all pass one throttle check (the attempt
/// is counted before the key derivation), and someone who only knows a username cannot lock
/// its owner out: a browser that signed in before is counted apart.
async fn throttles_hold_under_concurrency_and_a_known_device_still_signs_in(t: TestApp) {
    t.add_staff("alice", Role::Caseworker).await;
    // Alice signed in from her browser before: it keeps a known-device cookie.
    let earlier = t
        .post_form(
            "/en/staff/login",
            &[("username", "alice"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    let device = support::cookie_named(&earlier, "refuge_device=").expect("device cookie");
    assert!(
        earlier
            .headers
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap_or("").contains("Max-Age=31536000")),
        "the device cookie outlives the browser session"
    );
    // 24 wrong passwords at once, from someone else.
    let attempts = (0..24).map(|_| {
        t.post_form(
            "/en/staff/login",
            &[
                ("username", "alice"),
                ("password", "a wrong password guess"),
            ],
            None,
        )
    });
    let answers = futures_util::future::join_all(attempts).await;
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        (refused, throttled),
        (5, 19),
        "five tried, the rest held back"
    );
    // Without her browser, even the right password waits; with it, she signs in.
    let elsewhere = t
        .post_form(
            "/en/staff/login",
            &[("username", "alice"), ("password", support::PASSWORD)],
            None,
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::TOO_MANY_REQUESTS);
    let at_home = t
        .post_form(
            "/en/staff/login",
            &[("username", "alice"), ("password", support::PASSWORD)],
            Some(&device),
        )
        .await;
    assert_eq!(at_home.status, StatusCode::SEE_OTHER, "{}", at_home.body);
    // A forged device token is no key.
    let forged = t
        .post_form(
            "/en/staff/login",
            &[("username", "alice"), ("password", support::PASSWORD)],
            Some(&format!("__Host-refuge_device={}", "ab".repeat(32))),
        )
        .await;
    assert_eq!(forged.status, StatusCode::TOO_MANY_REQUESTS);

    // Receipts: the same, counted in memory.
    let wrong = refuge_crypto::Receipt::generate().grouped();
    let fields = [("receipt", wrong.as_str())];
    let attempts = (0..12).map(|_| t.post_form("/en/followup", &fields, None));
    let answers = futures_util::future::join_all(attempts).await;
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::BAD_REQUEST)
        .count();
    assert_eq!(refused, 5, "five tried, the rest held back");
}

/// Security review M1: an API idempotency key finds a receipt again, so it must be a secret: a
/// guessable one is refused, and the server makes one for whoever asks.
async fn api_idempotency_keys_must_be_secrets(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    for weak in [
        "report-0000000001",
        "kkkkkkkkkkkkkkkkkkkkkkkk",
        "12345678901234567890",
    ] {
        let refused = t
            .post_json(
                "/api/v1/reports",
                &serde_json::json!({"narrative": "x", "idempotency_key": weak}),
                None,
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{weak}");
        assert_eq!(refused.json()["error"]["code"], "invalid_idempotency_key");
    }
    let issued = t
        .post_json("/api/v1/reports/token", &serde_json::json!({}), None)
        .await;
    assert_eq!(issued.status, StatusCode::CREATED);
    let key = issued.json()["idempotency_key"]
        .as_str()
        .expect("key")
        .to_owned();
    let body = serde_json::json!({"narrative": "with a key of ours", "idempotency_key": key});
    let first = t.post_json("/api/v1/reports", &body, None).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = t.post_json("/api/v1/reports", &body, None).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["receipt"], first.json()["receipt"]);
    let stolen = serde_json::json!({"narrative": "someone else's text", "idempotency_key": key});
    let replay = t.post_json("/api/v1/reports", &stolen, None).await;
    assert_eq!(
        replay.status,
        StatusCode::CONFLICT,
        "no receipt for other content"
    );
    assert!(replay.json().get("receipt").is_none());
}

/// Security review L2: a browser without Fetch Metadata that posts a sign-in form from another
/// site (`Origin: null`) is not signed in — to staff or to a reporter's case — because it
/// cannot send back the page's pre-session, which lives in a SameSite=Strict cookie and in the
/// form. The same browser signing in from the page itself gets in.
async fn sign_ins_posted_from_elsewhere_by_old_browsers_are_not_tried(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("en", "pre-session check").await;
    for (page, fields) in [
        (
            "/en/staff/login",
            vec![("username", "amina"), ("password", support::PASSWORD)],
        ),
        ("/en/followup", vec![("receipt", receipt.as_str())]),
    ] {
        let forged = t
            .post_form_with(page, &fields, None, ("origin", "null"))
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{page}");
        assert!(
            forged
                .body
                .contains(&Locale::En.t("sign-in-from-this-page")),
            "{page}: said why"
        );
        assert!(
            cookie_named(&forged, "refuge_staff").is_none()
                && cookie_named(&forged, "refuge_followup").is_none(),
            "{page}: no session"
        );
        if page.contains("staff") {
            assert!(
                forged.body.contains(r#"value="amina""#),
                "the username is kept"
            );
        }

        // From the page itself: its pre-session comes back as cookie and field.
        let form = t.get(page, None).await;
        let cookie = cookie_named(&form, "refuge_presession").expect("pre-session cookie");
        let set = form
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("refuge_presession"))
            .expect("set")
            .to_owned();
        assert!(set.contains("SameSite=Strict") && set.contains("HttpOnly"));
        let field = extract(&form.body, r#"name="pre_session" value=""#, "\"").expect("field");
        assert_eq!(cookie.split_once('=').map(|(_, v)| v), Some(field.as_str()));
        let mut sent = fields.clone();
        sent.push(("pre_session", &field));
        let wrong = t
            .post_form_with(page, &fields, Some(&cookie), ("origin", "null"))
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::FORBIDDEN,
            "{page}: cookie alone is not enough"
        );
        let ok = t
            .post_form_with(page, &sent, Some(&cookie), ("origin", "null"))
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{page}: {}", ok.body);
    }
}

/// Security review M7: colleagues join by invitation and choose their own password (the link
/// works once, until it is withdrawn or expires); every recipient sees who receives new reports
/// and every change to that list; a member sees where they are signed in and can end it.
async fn invitations_recipients_and_sessions(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    let admin = t.log_in("admin").await;

    // The same invite form sent twice gives one invitation and the same link.
    let page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let invite = |page: &str| {
        let page = page.to_owned();
        let (t, admin) = (&t, admin.clone());
        async move {
            t.submit(
                &page,
                "/en/staff/admin/invitations",
                &[("username", "chen"), ("role", "caseworker")],
                Some(&admin),
            )
            .await
        }
    };
    let first = invite(&page.body).await;
    let again = invite(&page.body).await;
    let link = |r: &support::TestResponse| {
        extract(&r.body, r#"id="invitation-link">"#, "<").expect("link")
    };
    assert_eq!(link(&first), link(&again), "sent twice, one invitation");
    let path = format!(
        "/en{}",
        &link(&first)[link(&first).find("/invite/").expect("path")..]
    );
    let listed = t.get("/en/staff/admin/staff", Some(&admin)).await;
    assert!(listed.body.contains(r#"id="invitations""#) && listed.body.contains("chen"));

    let opened = t.get(&path, None).await;
    assert!(
        html_unescape(&opened.body).contains(&Locale::En.t_with(
            "invite-intro",
            &[
                ("by", "admin".into()),
                ("username", "chen".into()),
                ("role", Locale::En.t("role-caseworker").into())
            ]
        )),
        "{}",
        opened.body
    );
    let mismatch = t
        .post_form(
            &path,
            &[
                ("password", support::PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
            None,
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert!(mismatch.body.contains(&Locale::En.t("password-mismatch")));
    let chen = t.accept_invitation(&path, "chen's own long password").await;
    assert_eq!(
        t.get("/en/staff/inbox", Some(&chen)).await.status,
        StatusCode::OK
    );
    let reused = t.get(&path, None).await;
    assert_eq!(reused.status, StatusCode::NOT_FOUND, "the link works once");
    assert!(reused.body.contains(&Locale::En.t("invite-invalid")));
    assert!(
        t.post_form(
            &path,
            &[
                ("password", support::PASSWORD),
                ("password_confirm", support::PASSWORD)
            ],
            None
        )
        .await
        .status
            == StatusCode::NOT_FOUND
    );

    // Withdrawn, and expired: the link no longer works.
    let withdrawn = t.invite(&admin, "dara", "caseworker").await;
    let page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let gone = t
        .submit(
            &page.body,
            "/en/staff/admin/invitations/dara/withdraw",
            &[],
            Some(&admin),
        )
        .await;
    let gone = t.follow(&gone, Some(&admin)).await;
    assert!(
        gone.body
            .contains(&Locale::En.t("admin-invitation-withdrawn-notice"))
    );
    assert_eq!(t.get(&withdrawn, None).await.status, StatusCode::NOT_FOUND);
    let expiring = t.invite(&admin, "eli", "researcher").await;
    t.clock
        .advance(refuge_app::accounts::INVITATION_LIFETIME_SECONDS + 1);
    assert_eq!(t.get(&expiring, None).await.status, StatusCode::NOT_FOUND);

    // Every recipient sees the list and its history, and the inbox says it changed.
    let amina = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&amina)).await;
    assert!(inbox.body.contains(r#"id="recipients-changed""#));
    let recipients = t.get("/en/staff/recipients", Some(&amina)).await;
    assert_eq!(recipients.status, StatusCode::OK);
    let text = html_unescape(&recipients.body);
    for name in ["admin", "amina", "chen"] {
        assert!(text.contains(name), "{name} listed");
    }
    for (action, name) in [
        ("recipient-change-invitation_accepted", "chen"),
        ("recipient-change-staff_invited", "chen"),
        ("recipient-change-invitation_withdrawn", "dara"),
    ] {
        assert!(
            text.contains(&Locale::En.t_with(action, &[("username", name.into())])),
            "{action} {name}"
        );
    }
    assert!(
        text.contains(&Locale::En.t("recipients-not-receiving")),
        "eli, a researcher"
    );
    // A fortnight later (the earlier sessions long expired), two browsers sign in.
    t.clock.advance(15 * 86_400);
    let here = t.log_in("amina").await;
    let elsewhere = t.log_in("amina").await;
    let after_a_while = t.get("/en/staff/inbox", Some(&here)).await;
    assert!(
        !after_a_while.body.contains(r#"id="recipients-changed""#),
        "the inbox mentions a change for a fortnight"
    );

    // Sessions: the second browser shows on the first's account page, and ends from there.
    let account = t.get("/en/staff/account", Some(&here)).await;
    assert_eq!(
        account
            .body
            .matches(&Locale::En.t("account-this-browser"))
            .count(),
        1
    );
    let handle = extract(
        &account.body,
        r#"action="/en/staff/account/sessions/"#,
        "/end",
    )
    .expect("another session");
    let ended = t
        .submit(
            &account.body,
            &format!("/en/staff/account/sessions/{handle}/end"),
            &[],
            Some(&here),
        )
        .await;
    let ended = t.follow(&ended, Some(&here)).await;
    assert!(ended.body.contains(&Locale::En.t("account-session-ended")));
    assert_eq!(
        t.get("/en/staff/inbox", Some(&elsewhere)).await.status,
        StatusCode::SEE_OTHER,
        "the other browser is signed out"
    );
    assert_eq!(
        t.get("/en/staff/inbox", Some(&here)).await.status,
        StatusCode::OK
    );
    let audit = t.app_store_audit().await;
    assert!(
        audit
            .iter()
            .any(|a| a.action == refuge_domain::AuditAction::SessionEnded)
    );
}

on_both_engines!(
    invitations_recipients_and_sessions,
    sign_ins_posted_from_elsewhere_by_old_browsers_are_not_tried,
    api_idempotency_keys_must_be_secrets,
    throttles_hold_under_concurrency_and_a_known_device_still_signs_in,
    landing_pages_carry_language_direction_and_quick_exit,
    the_form_says_so_while_nobody_can_receive_reports,
    every_validation_error_is_shown_beside_its_field_with_input_kept,
    a_forged_or_stale_form_token_keeps_the_input,
    adding_identifier_lines_keeps_everything_and_submits_nothing,
    a_receipt_is_shown_once_and_a_retry_gets_the_same_one,
    uyghur_and_chinese_reports_are_read_back_intact,
    a_later_colleague_reads_only_after_a_grant,
    an_administrator_can_share_everything_they_hold,
    staff_sign_in_is_hardened,
    failed_logins_slow_down_one_account_only,
    sessions_end_when_idle_or_too_old,
    first_administrator_is_created_through_the_setup_link,
    only_administrators_manage_staff,
    the_api_mirrors_the_pages,
    the_openapi_document_describes_every_api_route,
    every_response_carries_the_security_headers,
    malformed_bodies_get_clear_4xx_pages,
    a_departing_colleague_loses_access_at_once,
    staff_change_their_own_password,
    the_receipt_is_shown_within_its_window_only,
    changes_after_sending_are_offered_as_a_message,
    the_form_is_forgiving_and_says_its_limits,
    sign_in_says_when_cookies_cannot_work,
);
