//! The HTTP suite: the real router, driven in-process by submitting the real HTML forms (which
//! is the no-JavaScript test) and calling the JSON API. Every case runs on SQLite and on
//! PostgreSQL.

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::ports::Store;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use support::{TestApp, extract, html_unescape};

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
            Locale::En.t_with("problem-too_long", &[("max", 20_000u64.into())]),
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
    assert!(t.app.form_token_is_valid(&fresh));
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
    // The administrator adds bilal through the admin page's real form.
    let admin_page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    let csrf = extract(&admin_page.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let added = t
        .post_form(
            "/en/staff/admin/staff",
            &[
                ("csrf", &csrf),
                ("username", "bilal"),
                ("role", "caseworker"),
                ("password", support::PASSWORD),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
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
    let bilal_id = extract(&report.body, r#"<option value=""#, "\"").expect("bilal offered");
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
    assert!(audit.iter().any(|a| a.action == "report_access_granted"));
    assert!(audit.iter().any(|a| a.action == "staff_added"
        && a.subject.contains("bilal")
        && a.subject.contains("intake_recipient=true")));
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
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let cookie = support::session_cookie(&done).expect("signed in");
    assert_eq!(
        t.get("/en/staff/admin/staff", Some(&cookie)).await.status,
        StatusCode::OK
    );
    let reuse = t.get(&format!("/en/setup/{token}"), None).await;
    assert!(reuse.body.contains(&Locale::En.t("setup-done")));
    assert!(t.app.issue_setup_token().await.expect("no token").is_none());
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
    let csrf = extract(&page.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let bad = t
        .post_form(
            "/en/staff/admin/staff",
            &[
                ("csrf", &csrf),
                ("username", "Bad Name"),
                ("role", "caseworker"),
                ("password", support::PASSWORD),
            ],
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
        .post_form(
            "/en/staff/admin/staff",
            &[
                ("csrf", &csrf),
                ("username", "amina"),
                ("role", "caseworker"),
                ("password", support::PASSWORD),
            ],
            Some(&admin),
        )
        .await;
    assert!(taken.body.contains(&Locale::En.t("username-taken")));
    let researcher = t
        .post_form(
            "/en/staff/admin/staff",
            &[
                ("csrf", &csrf),
                ("username", "rosa"),
                ("role", "researcher"),
                ("password", support::PASSWORD),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(researcher.status, StatusCode::SEE_OTHER);
    let rosa = t.log_in("rosa").await;
    assert_eq!(
        t.get("/en/staff/inbox", Some(&rosa)).await.status,
        StatusCode::FORBIDDEN,
        "researchers see no inbox"
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
    let action = extract(
        &page.body,
        r#"action="/en/staff/admin/staff/"#,
        "/disable\"",
    )
    .expect("disable form");
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
    let disabled = t
        .post_form(
            &format!("/en/staff/admin/staff/{action}/disable"),
            &[("csrf", &csrf)],
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
            .any(|a| a.action == "staff_disabled" && a.subject.contains("bilal"))
    );
}

async fn staff_change_their_own_password(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("ug", "ئاۋۋال يېزىلغان").await;
    let amina = t.log_in("amina").await;
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
            .any(|a| a.action == "password_changed")
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
        "contact": {"via_platform_only": true}, "idempotency_key": "client-chosen-random-string-1"
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

on_both_engines!(
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
);
