//! Correlation through the real app on both engines: three reports that carry the same phone,
//! name and Telegram account, each written three different ways, meet on each (the name
//! through transliteration, said so); a report that shares nothing meets none; a caseworker
//! outside a report's readers sees only how many others share it; the look-up, the groups of
//! connected reports, and a caseworker's own identifier added through the report page's real
//! form; what the index and audit log keep says nothing of the values.

#[allow(unused_macros)]
#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::AuditAction;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use serde_json::Value;
use support::{TestApp, extract};

/// Submits a report through the real form with these identifiers, from Canada, origin China;
/// returns its id (the newest in the caseworker's list).
async fn report_with(
    t: &TestApp,
    staff: &str,
    narrative: &str,
    identifiers: &[(&str, &str)],
) -> String {
    let token = t.form_token("/en/report").await;
    let kinds: Vec<String> = (0..identifiers.len())
        .map(|i| format!("identifiers.{i}.kind"))
        .collect();
    let values: Vec<String> = (0..identifiers.len())
        .map(|i| format!("identifiers.{i}.value"))
        .collect();
    let rows = identifiers.len().to_string();
    let mut fields: Vec<(&str, &str)> = vec![
        ("form_token", &token),
        ("narrative", narrative),
        ("host_country", "CA"),
        ("origin_state", "CN"),
        ("identifier_rows", &rows),
        ("action", "submit"),
    ];
    for (i, (kind, value)) in identifiers.iter().enumerate() {
        fields.push((&kinds[i], kind));
        fields.push((&values[i], value));
    }
    let page = t.post_form("/en/report", &fields, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"id="receipt""#), "{}", page.body);
    let list = t.get_bearer("/api/v1/reports", staff).await.json();
    list["reports"][0]["id"].as_str().expect("id").to_owned()
}

/// Waits until no report waits to be indexed (what the page's "still being indexed" says), as
/// `staff` sees it; the first call makes the correlation key.
async fn settle(t: &TestApp, staff: &str) {
    for _ in 0..600 {
        let status = t.get_bearer("/api/v1/correlation/status", staff).await;
        assert_eq!(status.status, StatusCode::OK, "{}", status.body);
        if status.json()["pending"] == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("indexing did not finish");
}

fn ids(value: &Value) -> Vec<String> {
    let mut ids: Vec<String> = value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("an id").to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut list: Vec<&String>) -> Vec<String> {
    list.sort();
    list.into_iter().cloned().collect()
}

/// The identifiers of a report as the API gives them, by kind.
async fn identifiers(t: &TestApp, staff: &str, id: &str) -> Value {
    let answer = t.get_bearer(&format!("/api/v1/reports/{id}"), staff).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json()
}

fn matches_of<'a>(report: &'a Value, kind: &str) -> &'a Value {
    &report["report"]["identifiers"]
        .as_array()
        .expect("identifiers")
        .iter()
        .find(|i| i["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {report}"))["matches"]
}

async fn correlation_across_reports(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let amina = t.api_token("amina").await;
    // Two reports before anyone correlates: their sets are built by the first caseworker who
    // can read them.
    let r1 = report_with(
        &t,
        &amina,
        "A man called my mother",
        &[
            ("phone", "+86 138 0013 8000"),
            ("name_used", "张伟"),
            ("telegram", "@ZhangWei_Police"),
        ],
    )
    .await;
    let r2 = report_with(
        &t,
        &amina,
        "The same caller",
        &[
            ("phone", "0086-138-0013-8000"),
            ("name_used", "Zhang Wei"),
            ("telegram", "https://t.me/zhangwei_police"),
        ],
    )
    .await;
    let r4 = report_with(
        &t,
        &amina,
        "Someone else entirely",
        &[
            ("phone", "(416) 555-0199"),
            ("email", "someone@example.org"),
        ],
    )
    .await;

    settle(&t, &amina).await;
    let one = identifiers(&t, &amina, &r1).await;
    assert_eq!(one["correlation"]["available"], true, "{one}");
    assert_eq!(ids(&matches_of(&one, "phone")["reports"]), vec![r2.clone()]);
    assert_eq!(
        ids(&matches_of(&one, "telegram")["reports"]),
        vec![r2.clone()]
    );
    // The name meets through transliteration only, and is said to.
    let name = matches_of(&one, "name_used");
    assert_eq!(ids(&name["reports"]), vec![r2.clone()]);
    assert_eq!(ids(&name["transliterated"]), vec![r2.clone()]);
    assert!(ids(&matches_of(&one, "phone")["transliterated"]).is_empty());
    // A report that shares nothing meets nothing, and nothing meets it.
    let four = identifiers(&t, &amina, &r4).await;
    for kind in ["phone", "email"] {
        assert_eq!(matches_of(&four, kind)["reports"], serde_json::json!([]));
        assert_eq!(matches_of(&four, kind)["other_reports"], 0);
    }

    // A colleague who joins later holds no key to the first reports, nor the correlation key
    // until a colleague who holds it signs in.
    t.add_staff("bo", Role::Caseworker).await;
    let bo = t.api_token("bo").await;
    // (Found through Bo's list: Amina's inbox would share the key with him at once.)
    let r3 = report_with(
        &t,
        &bo,
        "Again the same",
        &[
            ("whatsapp", "+86 13800138000"),
            ("name_used", "張偉"),
            ("telegram", "t.me/ZHANGWEI_POLICE"),
        ],
    )
    .await;
    let early = identifiers(&t, &bo, &r3).await;
    assert_eq!(early["correlation"]["available"], false, "{early}");
    let lookup = t
        .get_bearer(
            "/api/v1/identifiers?kind=phone&value=13800138000&region=CN",
            &bo,
        )
        .await;
    assert_eq!(lookup.status, StatusCode::CONFLICT, "{}", lookup.body);
    assert_eq!(lookup.json()["error"]["code"], "correlation_unavailable");
    // Amina signs in and works: the key is shared with Bo.
    assert_eq!(
        t.get_bearer("/api/v1/correlation/status", &amina)
            .await
            .status,
        StatusCode::OK
    );
    settle(&t, &amina).await;
    let three = identifiers(&t, &bo, &r3).await;
    assert_eq!(three["correlation"]["available"], true, "{three}");
    // The WhatsApp number is the phone number of the other two; Bo can read neither.
    let phone = &three["report"]["identifiers"][0]["matches"];
    assert_eq!(phone["reports"], serde_json::json!([]), "{three}");
    assert_eq!(phone["other_reports"], 2);
    // Amina reads all three.
    let three = identifiers(&t, &amina, &r3).await;
    for (index, transliterated) in [(0, false), (1, true), (2, false)] {
        let found = &three["report"]["identifiers"][index]["matches"];
        assert_eq!(ids(&found["reports"]), sorted(vec![&r1, &r2]), "{three}");
        assert_eq!(found["other_reports"], 0);
        assert_eq!(!ids(&found["transliterated"]).is_empty(), transliterated);
    }

    // The look-up, written yet another way.
    let found = t
        .get_bearer(
            "/api/v1/identifiers?kind=phone&value=%EF%BC%91%EF%BC%93%EF%BC%98+0013+8000&region=CN",
            &amina,
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert_eq!(ids(&found.json()["reports"]), sorted(vec![&r1, &r2, &r3]));
    let found = t
        .get_bearer("/api/v1/identifiers?kind=phone&value=%2B8613800138000", &bo)
        .await
        .json();
    assert_eq!(ids(&found["reports"]), vec![r3.clone()]);
    assert_eq!(found["other_reports"], 2);
    let nothing = t
        .get_bearer(
            "/api/v1/identifiers?kind=phone&value=%2B8613800138001",
            &amina,
        )
        .await
        .json();
    assert_eq!(nothing["reports"], serde_json::json!([]));
    assert_eq!(nothing["other_reports"], 0);
    // Bad input is a 400 naming the field, never a 5xx.
    for query in [
        "kind=fax&value=1",
        "kind=phone&value=",
        "kind=phone&value=1&region=ZZ",
        "value=1",
        "kind=phone&kind=email&value=1",
    ] {
        let refused = t
            .get_bearer(&format!("/api/v1/identifiers?{query}"), &amina)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            refused.body
        );
    }

    // The groups: one of three reports, joined by phone, name and Telegram; R4 in none.
    let groups = t
        .get_bearer("/api/v1/correlation/clusters?min_reports=2", &amina)
        .await;
    assert_eq!(groups.status, StatusCode::OK, "{}", groups.body);
    let groups = groups.json();
    assert_eq!(groups["clusters"].as_array().unwrap().len(), 1, "{groups}");
    let members: Vec<String> = groups["clusters"][0]["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        sorted(members.iter().collect()),
        sorted(vec![&r1, &r2, &r3])
    );
    let kinds = &groups["clusters"][0]["kinds"];
    for kind in ["phone", "name_used", "telegram"] {
        assert!(
            kinds.as_array().unwrap().iter().any(|k| k == kind),
            "{kinds}"
        );
    }
    assert_eq!(
        t.get_bearer("/api/v1/correlation/clusters?min_reports=4", &amina)
            .await
            .json()["clusters"],
        serde_json::json!([])
    );
    for query in [
        "min_reports=x",
        "min_reports=",
        "min_reports=1",
        "min_reports=3&min_reports=4",
    ] {
        assert_eq!(
            t.get_bearer(&format!("/api/v1/correlation/clusters?{query}"), &amina)
                .await
                .status,
            StatusCode::BAD_REQUEST,
            "{query}"
        );
    }
    // Bo reads one report only: no group.
    assert_eq!(
        t.get_bearer("/api/v1/correlation/clusters", &bo)
            .await
            .json()["clusters"],
        serde_json::json!([])
    );

    // A caseworker records the number on R4 through the report page's own form.
    let cookie = t.log_in("amina").await;
    let page = t
        .get(&format!("/en/staff/reports/{r4}"), Some(&cookie))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("No other report"), "{}", page.body);
    let action = format!("/en/staff/reports/{r4}/identifiers");
    // Refused first (no text): the page says why and keeps the kind chosen.
    let refused = t
        .submit(
            &page.body,
            &action,
            &[("kind", "whatsapp"), ("value", "  ")],
            Some(&cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains(r#"id="identifier-error""#),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(r#"<option value="whatsapp" selected>"#)
    );
    let added = t
        .submit(
            &page.body,
            &action,
            &[("kind", "whatsapp"), ("value", "+86 138-0013-8000")],
            Some(&cookie),
        )
        .await;
    let page = t.follow(&added, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("The identifier was added."),
        "{}",
        page.body
    );
    let section = extract(&page.body, r#"id="identifiers""#, "</section>").expect("section");
    for other in [&r1, &r2, &r3] {
        assert!(
            section.contains(&format!("/en/staff/reports/{other}")),
            "{section}"
        );
    }
    // Followed from R4, R1 shows R4 among its matches.
    let one = identifiers(&t, &amina, &r1).await;
    assert!(
        ids(&matches_of(&one, "phone")["reports"]).contains(&r4),
        "{one}"
    );
    let four = identifiers(&t, &amina, &r4).await;
    assert_eq!(four["case_identifiers"][0]["kind"], "whatsapp");
    assert_eq!(
        ids(&four["case_identifiers"][0]["matches"]["reports"]),
        sorted(vec![&r1, &r2, &r3])
    );
    // And removed again, through the page's own button: R4 stands alone once more. Removing
    // what is no longer there is refused by the API, naming why.
    let removed = t
        .submit(
            &page.body,
            &format!("/en/staff/reports/{r4}/identifiers/remove"),
            &[],
            Some(&cookie),
        )
        .await;
    let page = t.follow(&removed, Some(&cookie)).await;
    assert!(
        page.body.contains("The identifier was removed."),
        "{}",
        page.body
    );
    let again = t
        .patch_json_bearer(
            &format!("/api/v1/reports/{r4}"),
            &serde_json::json!({"remove_identifier": {"kind": "whatsapp", "value": "+86 138-0013-8000"}}),
            &amina,
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);
    assert_eq!(again.json()["error"]["code"], "unknown_identifier");
    let one = identifiers(&t, &amina, &r1).await;
    assert!(
        !ids(&matches_of(&one, "phone")["reports"]).contains(&r4),
        "{one}"
    );

    // The look-up page (a POST form: the value stays out of the address) and the groups page.
    let page = t.get("/en/staff/identifiers", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let answer = t
        .submit(
            &page.body,
            "/en/staff/identifiers",
            &[
                ("kind", "telegram"),
                ("value", "@zhangwei_police"),
                ("region", ""),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let plain = answer.body.replace(['\u{2068}', '\u{2069}'], "");
    assert!(plain.contains("It is in 3 reports."), "{plain}");
    // The page's own form may send the field empty: the default then.
    let empty = t
        .get("/en/staff/correlation?min_reports=", Some(&cookie))
        .await;
    assert_eq!(empty.status, StatusCode::OK);
    let groups = t.get("/en/staff/correlation", Some(&cookie)).await;
    assert_eq!(groups.status, StatusCode::OK);
    assert!(groups.body.contains("<svg"), "{}", groups.body);
    assert_eq!(groups.body.matches("<circle").count(), 3);
    assert!(groups.body.contains("<table"));
    for id in [&r1, &r2, &r3] {
        assert!(groups.body.contains(&format!("/en/staff/reports/{id}")));
    }
    // In Uyghur, right to left.
    let ug = t.get("/ug/staff/correlation", Some(&cookie)).await;
    assert_eq!(ug.status, StatusCode::OK);
    assert!(ug.body.contains(r#"dir="rtl""#));

    // The audit log names the kinds looked up and added, never a value.
    let audit = t.app_store_audit().await;
    let looked: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::IdentifierLookedUp)
        .collect();
    assert!(looked.iter().any(|a| a.subject == "phone"));
    assert!(
        audit
            .iter()
            .any(|a| a.action == AuditAction::IdentifierAdded && a.subject == "whatsapp")
    );
    assert!(
        audit
            .iter()
            .any(|a| a.action == AuditAction::IdentifierRemoved)
    );
    assert!(
        audit
            .iter()
            .any(|a| a.action == AuditAction::CorrelationKeyCreated)
    );
    for entry in &audit {
        assert!(!entry.subject.contains("138"), "{entry:?}");
    }
}

on_both_engines!(correlation_across_reports);
