//! Case work through the real pages and API, on both engines: the report page's case form, the
//! inbox's bulk form, `PATCH /api/v1/reports/{id}` and `POST /api/v1/reports/bulk`, and what
//! the reporter still sees (the status in plain words, nothing else of the case).

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use support::{TestApp, extract, hidden_fields, html_unescape};

/// The id of the newest report, from the inbox.
async fn newest(t: &TestApp, cookie: &str) -> String {
    let inbox = t.get("/en/staff/inbox", Some(cookie)).await;
    extract(&inbox.body, "/en/staff/reports/", "\"").expect("a report")
}

async fn a_caseworker_triages_through_the_report_page(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.add_staff("bilal", Role::Caseworker).await;
    let receipt = t.submit_report("ug", "ئۇلار ئاپامغا تېلېفون قىلدى").await;
    let amina = t.log_in("amina").await;
    let id = newest(&t, &amina).await;
    let path = format!("/en/staff/reports/{id}");
    let page = t.get(&path, Some(&amina)).await;
    assert!(page.body.contains(r#"id="case""#));
    let bilal_id = extract(&page.body, r#"<option value=""#, "\">bilal<")
        .map(|tail| tail.rsplit('"').next().unwrap_or_default().to_owned())
        .expect("bilal offered as assignee");
    let action = format!("{path}/case");
    let saved = t
        .submit(
            &page.body,
            &action,
            &[
                ("status", "in_progress"),
                ("substatus", "awaiting_documents"),
                ("urgency", "critical"),
                ("assignee", &bilal_id),
                ("deadline", "2027-01-15"),
                ("labels", "legal"),
                ("labels", "press"),
                ("tactics", "spyware"),
            ],
            Some(&amina),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = t.follow(&saved, Some(&amina)).await;
    let body = html_unescape(&page.body);
    assert!(body.contains(&Locale::En.t("case-saved")));
    for shown in [
        "Awaiting documents",
        &Locale::En.t("urgency-critical"),
        "Needs legal aid",
        "Press interest",
        "2027-01-15",
        r#"id="coded-tactics""#,
    ] {
        assert!(body.contains(shown), "{shown}");
    }
    let inbox = html_unescape(&t.get("/en/staff/inbox", Some(&amina)).await.body);
    assert!(inbox.contains("Needs legal aid") && inbox.contains("bilal"));

    // A sub-status of another status: refused in words, nothing changed.
    let page = t.get(&path, Some(&amina)).await;
    let refused = t
        .submit(
            &page.body,
            &action,
            &[
                ("status", "closed"),
                ("substatus", "awaiting_documents"),
                ("urgency", "low"),
                ("assignee", "none"),
            ],
            Some(&amina),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(html_unescape(&refused.body).contains(&Locale::En.t("case-error-substatus")));
    let api = t.api_token("amina").await;
    let case = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &api)
        .await
        .json();
    assert_eq!(case["status"], "in_progress");
    assert_eq!(case["urgency"], "critical");

    // The reporter sees the status in plain words, never urgency, assignee or labels.
    let signed_in = t
        .post_form("/ug/followup", &[("receipt", &receipt)], None)
        .await;
    let cookie = support::cookie_named(&signed_in, "refuge_followup=").expect("reporter session");
    let case_page = html_unescape(&t.get("/ug/followup/case", Some(&cookie)).await.body);
    assert!(case_page.contains(&Locale::Ug.t("status-plain-in_progress")));
    for hidden in [
        "bilal",
        "Needs legal aid",
        "legal",
        "critical",
        &Locale::Ug.t("urgency-critical"),
        "2027-01-15",
        "Awaiting documents",
    ] {
        assert!(!case_page.contains(hidden), "the reporter sees {hidden}");
    }
    let token = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": receipt}),
            None,
        )
        .await
        .json()["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let seen = t.get_bearer("/api/v1/reporter/report", &token).await;
    assert_eq!(seen.json()["status"], "in_progress");
    for hidden in [
        "urgency",
        "assignee",
        "labels",
        "bilal",
        "legal",
        "2027-01-15",
    ] {
        assert!(
            !seen.body.contains(hidden),
            "the reporter API says {hidden}"
        );
    }
}

async fn the_api_changes_cases_one_or_many(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    for n in 0..3 {
        t.submit_report("en", &format!("report {n}")).await;
    }
    t.add_staff("late", Role::Caseworker).await;
    t.submit_report("zh-Hans", "他们威胁我的家人").await;
    let amina = t.api_token("amina").await;
    let late = t.api_token("late").await;
    let list = t.get_bearer("/api/v1/reports", &amina).await.json();
    let ids: Vec<String> = list["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(list["reports"][0]["urgency"], "normal");

    let patched = t
        .patch_json_bearer(
            &format!("/api/v1/reports/{}", ids[0]),
            &serde_json::json!({"status": "triaged", "urgency": "high", "assignee": "late",
                "labels": ["press"], "tactics": ["threat_online"], "deadline": "2027-02-01"}),
            &amina,
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let case = patched.json();
    assert_eq!(case["status"], "triaged");
    assert_eq!(case["assignee"], "late");
    assert_eq!(case["labels"], serde_json::json!(["press"]));
    assert_eq!(case["staff_tactics"], serde_json::json!(["threat_online"]));
    assert_eq!(case["deadline"], "2027-02-01");
    let unassigned = t
        .patch_json_bearer(
            &format!("/api/v1/reports/{}", ids[0]),
            &serde_json::json!({"assignee": null, "deadline": null}),
            &amina,
        )
        .await
        .json();
    assert_eq!(unassigned["assignee"], serde_json::Value::Null);
    assert_eq!(unassigned["deadline"], serde_json::Value::Null);
    assert_eq!(unassigned["urgency"], "high", "what is not named stays");

    for (body, code) in [
        (serde_json::json!({"status": "pending"}), "unknown_code"),
        (serde_json::json!({"colour": "red"}), "invalid_json"),
        (serde_json::json!({"labels": ["secret"]}), "unknown_label"),
        (
            serde_json::json!({"substatus": "spam"}),
            "substatus_of_another_status",
        ),
        (serde_json::json!({"deadline": "tomorrow"}), "bad_deadline"),
        (
            serde_json::json!({"assignee": "nobody_here"}),
            "assignee_cannot_read",
        ),
    ] {
        let refused = t
            .patch_json_bearer(&format!("/api/v1/reports/{}", ids[1]), &body, &amina)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            refused.body
        );
        assert_eq!(refused.json()["error"]["code"], code, "{body}");
    }

    // Bulk: late cannot read three of them, so nothing happens for late.
    let bulk = serde_json::json!({"ids": ids, "status": "in_progress", "add_label": "legal"});
    let refused = t
        .post_json_bearer("/api/v1/reports/bulk", &bulk, &late)
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let unchanged = t.get_bearer("/api/v1/reports", &amina).await.json();
    assert!(
        unchanged["reports"]
            .as_array()
            .expect("reports")
            .iter()
            .all(|r| r["status"] != "in_progress")
    );
    let done = t
        .post_json_bearer("/api/v1/reports/bulk", &bulk, &amina)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["changed"], 4);
    let after = t.get_bearer("/api/v1/reports", &amina).await.json();
    for report in after["reports"].as_array().expect("reports") {
        assert_eq!(report["status"], "in_progress");
        assert!(
            report["labels"]
                .as_array()
                .expect("labels")
                .contains(&serde_json::json!("legal"))
        );
    }
    let other = t
        .patch_json_bearer(
            "/api/v1/reports/00000000000000000000000000000000",
            &serde_json::json!({"urgency": "low"}),
            &amina,
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

async fn the_inbox_changes_the_reports_ticked(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    for n in 0..3 {
        t.submit_report("fr", &format!("rapport {n}")).await;
    }
    let amina = t.log_in("amina").await;
    let inbox = t.get("/fr/staff/inbox", Some(&amina)).await;
    let ids: Vec<String> = inbox
        .body
        .match_indices(r#"name="ids" value=""#)
        .filter_map(|(i, m)| {
            inbox.body[i + m.len()..]
                .split('"')
                .next()
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(ids.len(), 3);
    let hidden = hidden_fields(&inbox.body, "/fr/staff/inbox/bulk");
    let mut fields: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    // Nothing chosen: said, nothing done.
    let nothing = t
        .post_form("/fr/staff/inbox/bulk", &fields, Some(&amina))
        .await;
    assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
    assert!(html_unescape(&nothing.body).contains(&Locale::Fr.t("inbox-bulk-nothing")));
    fields.push(("ids", &ids[0]));
    fields.push(("ids", &ids[2]));
    fields.push(("status", "closed"));
    fields.push(("add_label", "press"));
    let done = t
        .post_form("/fr/staff/inbox/bulk", &fields, Some(&amina))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = html_unescape(&t.follow(&done, Some(&amina)).await.body);
    assert!(
        page.contains(&Locale::Fr.t_with("inbox-bulk-done", &[("count", 2u64.into())])),
        "{page}"
    );
    assert_eq!(page.matches("<bdi>Press interest</bdi>").count(), 2);
    // Without the CSRF field, nothing.
    let forged = t
        .post_form(
            "/fr/staff/inbox/bulk",
            &[("ids", &ids[1]), ("status", "closed")],
            Some(&amina),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

/// Internal notes through the report page and the API; never on a reporter page or in a
/// reporter API answer.
async fn notes_are_written_edited_and_never_shown_to_the_reporter(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = t.submit_report("zh-Hant", "他們在集會上拍了我的照片").await;
    let amina = t.log_in("amina").await;
    let id = newest(&t, &amina).await;
    let path = format!("/zh-Hant/staff/reports/{id}");
    let page = t.get(&path, Some(&amina)).await;
    let action = format!("{path}/notes");
    let first = "內部：可能與領事館有關 NOTE-CANARY-1";
    let written = t
        .submit(&page.body, &action, &[("body", first)], Some(&amina))
        .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    // The same form sent again adds nothing.
    let again = t
        .submit(&page.body, &action, &[("body", first)], Some(&amina))
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let page = t.get(&path, Some(&amina)).await;
    assert_eq!(
        html_unescape(&page.body).matches("NOTE-CANARY-1").count(),
        2,
        "the note, and its edit box"
    );
    // An empty note: refused in words, nothing written.
    let empty = t
        .submit(&page.body, &action, &[("body", "  ")], Some(&amina))
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains(r#"id="note-error""#));

    let api = t.api_token("amina").await;
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &api)
        .await
        .json();
    let note_id = report["notes"][0]["id"]
        .as_str()
        .expect("note id")
        .to_owned();
    assert_eq!(report["notes"].as_array().map(Vec::len), Some(1));
    let edit = format!("{path}/notes/{note_id}");
    let edited = t
        .submit(
            &page.body,
            &edit,
            &[("body", "已核實 NOTE-CANARY-2")],
            Some(&amina),
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let added = t
        .post_json_bearer(
            &format!("/api/v1/reports/{id}/notes"),
            &serde_json::json!({"body": "From the API NOTE-CANARY-3"}),
            &api,
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let versioned = t
        .send_put_json(
            &format!("/api/v1/reports/{id}/notes/{note_id}"),
            &serde_json::json!({"body": "Third version NOTE-CANARY-4"}),
            &api,
        )
        .await;
    assert_eq!(versioned.status, StatusCode::OK, "{}", versioned.body);
    assert_eq!(versioned.json()["version"], 3);
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &api)
        .await
        .json();
    let notes = report["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["version"], 3);
    assert_eq!(notes[0]["earlier"].as_array().map(Vec::len), Some(2));
    assert_eq!(notes[0]["author"], "amina");

    // The reporter: the follow-up page and the reporter API say nothing of them.
    let signed_in = t
        .post_form("/zh-Hant/followup", &[("receipt", &receipt)], None)
        .await;
    let cookie = support::cookie_named(&signed_in, "refuge_followup=").expect("reporter session");
    let case_page = t.get("/zh-Hant/followup/case", Some(&cookie)).await;
    assert_eq!(case_page.status, StatusCode::OK);
    let token = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": receipt}),
            None,
        )
        .await
        .json()["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let seen = t.get_bearer("/api/v1/reporter/report", &token).await;
    assert_eq!(seen.status, StatusCode::OK);
    for shown in [&case_page.body, &seen.body] {
        assert!(
            !shown.contains("NOTE-CANARY"),
            "a note reached the reporter"
        );
        assert!(!shown.contains(&Locale::ZhHant.t("notes-title")));
    }
}

/// Teams and routing set through the admin pages; a Uyghur report routed to the Uyghur team is
/// unreadable to a caseworker outside it — 404 on every page and API route, as if it did not
/// exist — and the API manages the same teams and routing.
async fn a_report_routed_to_a_team_does_not_exist_outside_it(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    t.add_staff("bilal", Role::Caseworker).await;
    let admin = t.log_in("admin").await;
    for (name, member) in [("uyghur", "amina"), ("intake", "bilal")] {
        let page = t.get("/en/staff/admin/teams", Some(&admin)).await;
        let created = t
            .submit(
                &page.body,
                "/en/staff/admin/teams",
                &[("name", name), ("members", member)],
                Some(&admin),
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    }
    let bad = t.get("/en/staff/admin/teams", Some(&admin)).await;
    let refused = t
        .submit(
            &bad.body,
            "/en/staff/admin/teams",
            &[("name", "Bad Name")],
            Some(&admin),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(html_unescape(&refused.body).contains(&Locale::En.t("team-error-name")));

    let page = t.get("/en/staff/admin/routing", Some(&admin)).await;
    assert!(page.body.contains(r#"id="routing-off""#));
    let saved = t
        .submit(
            &page.body,
            "/en/staff/admin/routing",
            &[
                ("rule.0.language", "ug"),
                ("rule.0.teams", "uyghur"),
                ("default_teams", "intake"),
                ("action", "save"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let api_admin = t.api_token("admin").await;
    let routing = t
        .get_bearer("/api/v1/admin/routing", &api_admin)
        .await
        .json();
    assert_eq!(routing["rules"][0]["teams"], serde_json::json!(["uyghur"]));
    assert_eq!(routing["default_teams"], serde_json::json!(["intake"]));

    t.submit_report("ug", "ئۇلار مېنى ئىشخانامدا ئىزدىدى").await;
    let amina = t.log_in("amina").await;
    let id = newest(&t, &amina).await;
    assert_eq!(
        t.get(&format!("/en/staff/reports/{id}"), Some(&amina))
            .await
            .status,
        StatusCode::OK
    );
    let bilal = t.log_in("bilal").await;
    let inbox = t.get("/en/staff/inbox", Some(&bilal)).await;
    assert!(!inbox.body.contains(&id), "not listed outside the team");
    let page = t
        .get(&format!("/en/staff/reports/{id}"), Some(&bilal))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        !page.body.contains(&Locale::En.t("report-no-access")),
        "no 'no key yet' either"
    );
    let api = t.api_token("bilal").await;
    for status in [
        t.get_bearer(&format!("/api/v1/reports/{id}"), &api)
            .await
            .status,
        t.patch_json_bearer(
            &format!("/api/v1/reports/{id}"),
            &serde_json::json!({"urgency": "high"}),
            &api,
        )
        .await
        .status,
        t.post_json_bearer(
            &format!("/api/v1/reports/{id}/notes"),
            &serde_json::json!({"body": "x"}),
            &api,
        )
        .await
        .status,
        t.post_json_bearer(
            &format!("/api/v1/reports/{id}/messages"),
            &serde_json::json!({"body": "x"}),
            &api,
        )
        .await
        .status,
    ] {
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let listed = t.get_bearer("/api/v1/reports", &api).await;
    assert!(!listed.body.contains(&id));

    // The API manages the same teams; only administrators may.
    let teams = t.get_bearer("/api/v1/admin/teams", &api_admin).await.json();
    assert_eq!(teams["teams"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        t.get_bearer("/api/v1/admin/teams", &api).await.status,
        StatusCode::FORBIDDEN
    );
    let created = t
        .post_json_bearer(
            "/api/v1/admin/teams",
            &serde_json::json!({"name": "digital", "members": ["amina", "bilal"]}),
            &api_admin,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let in_use = t
        .delete_bearer("/api/v1/admin/teams/uyghur", &api_admin)
        .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert_eq!(in_use.json()["error"]["code"], "team_in_routing");
    let gone = t
        .delete_bearer("/api/v1/admin/teams/digital", &api_admin)
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let bad_routing = t
        .send_put_json(
            "/api/v1/admin/routing",
            &serde_json::json!({"rules": [{"when": {}, "teams": ["nowhere"]}]}),
            &api_admin,
        )
        .await;
    assert_eq!(bad_routing.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_routing.json()["error"]["code"], "unknown_team");
    let recipients = html_unescape(&t.get("/en/staff/recipients", Some(&bilal)).await.body);
    assert!(recipients.contains(&Locale::En.t("recipient-change-routing_changed")));
}

on_both_engines!(
    a_report_routed_to_a_team_does_not_exist_outside_it,
    notes_are_written_edited_and_never_shown_to_the_reporter,
    a_caseworker_triages_through_the_report_page,
    the_api_changes_cases_one_or_many,
    the_inbox_changes_the_reports_ticked,
);
