//! The searchable inbox through its real GET form and `GET /api/v1/reports`, on both engines:
//! filters, orders and pages; full-text search in Chinese, Uyghur and Latin script over the
//! narrative, a reporter's later message and a note; labels; refusals in words with the form
//! kept; and nothing found, ever, in a report routed away from the searcher.

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use serde_json::json;
use support::{TestApp, extract, html_unescape};

const UYGHUR: &str = "ئۇلار ئاپامغا تېلېفون قىلىپ، قەشقەردىكى ساقچىخانىغا چاقىردى";
const CHINESE: &str = "他们在多伦多的餐馆外面威胁我的家人，说要把我弟弟带走";
const ENGLISH: &str = "A man from the consulate followed me home from the protest";
const FRENCH: &str = "Un homme a photographié la manifestation devant la préfecture";

/// The ids of the reports an API answer lists, in order.
fn listed(answer: &serde_json::Value) -> Vec<String> {
    answer["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Submits the four reports (oldest first) and returns their ids in that order.
async fn four_reports(t: &TestApp, api: &str) -> Vec<String> {
    for (locale, text) in [
        ("ug", UYGHUR),
        ("zh-Hans", CHINESE),
        ("en", ENGLISH),
        ("fr", FRENCH),
    ] {
        t.submit_report(locale, text).await;
    }
    let mut ids = listed(
        &t.get_bearer("/api/v1/reports?sort=oldest", api)
            .await
            .json(),
    );
    assert_eq!(ids.len(), 4);
    ids.truncate(4);
    ids
}

async fn search(t: &TestApp, api: &str, q: &str) -> Vec<String> {
    let path = format!(
        "/api/v1/reports?q={}",
        percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
    );
    let answer = t.get_bearer(&path, api).await;
    assert_eq!(answer.status, StatusCode::OK, "{q}: {}", answer.body);
    listed(&answer.json())
}

async fn the_inbox_filters_sorts_pages_and_searches(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.add_staff("bilal", Role::Caseworker).await;
    let api = t.api_token("amina").await;
    let ids = four_reports(&t, &api).await;
    let (ug, zh, en, fr) = (&ids[0], &ids[1], &ids[2], &ids[3]);

    // Triage through the API: the Uyghur case is critical and Amina's, the English one has a
    // label and is Bilal's.
    for (id, change) in [
        (ug, json!({"urgency": "critical", "assignee": "amina"})),
        (
            en,
            json!({"urgency": "high", "assignee": "bilal", "labels": ["legal"]}),
        ),
        (fr, json!({"status": "closed"})),
    ] {
        let changed = t
            .patch_json_bearer(&format!("/api/v1/reports/{id}"), &change, &api)
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    }

    // The page's GET form: "my critical Uyghur cases", a bookmarkable address.
    let amina = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&amina)).await;
    assert!(inbox.body.contains(r#"method="get""#) && inbox.body.contains(r#"id="filters""#));
    let mine = t
        .get_form(
            &inbox.body,
            "filters",
            &[
                ("language", "ug"),
                ("urgency", "critical"),
                ("assignee", "me"),
            ],
            Some(&amina),
        )
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert!(mine.body.contains(&format!("/en/staff/reports/{ug}")));
    for other in [zh, en, fr] {
        assert!(!mine.body.contains(&format!("/en/staff/reports/{other}")));
    }
    // The form keeps what was chosen.
    assert!(mine.body.contains(r#"<option value="ug" selected>"#));
    assert!(mine.body.contains(r#"<option value="critical" selected>"#));
    assert!(mine.body.contains(r#"<option value="me" selected>"#));

    // A search typed in the same form, in Chinese without spaces.
    let found = t
        .get_form(
            &mine.body,
            "filters",
            &[
                ("language", ""),
                ("urgency", ""),
                ("assignee", ""),
                ("q", "威胁 家人"),
            ],
            Some(&amina),
        )
        .await;
    assert!(
        found.body.contains(&format!("/en/staff/reports/{zh}")),
        "{}",
        found.body
    );
    assert!(!found.body.contains(&format!("/en/staff/reports/{ug}")));
    assert!(found.body.contains(r#"id="inbox-readable-only""#));
    let nothing = t
        .get_form(
            &found.body,
            "filters",
            &[("q", "\"家人 威胁\"")],
            Some(&amina),
        )
        .await;
    assert!(html_unescape(&nothing.body).contains(&Locale::En.t("inbox-filter-none-match")));

    // The API: each filter, and search in three scripts.
    let get = |query: &'static str| {
        let t = &t;
        let api = api.clone();
        async move {
            let answer = t
                .get_bearer(&format!("/api/v1/reports?{query}"), &api)
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.body);
            answer.json()
        }
    };
    assert_eq!(listed(&get("status=closed").await), [fr.as_str()]);
    assert_eq!(listed(&get("urgency=high").await), [en.as_str()]);
    assert_eq!(listed(&get("assignee=bilal").await), [en.as_str()]);
    assert_eq!(
        listed(&get("assignee=none").await),
        [fr.as_str(), zh.as_str()]
    );
    assert_eq!(listed(&get("language=zh-Hans").await), [zh.as_str()]);
    assert_eq!(listed(&get("label=legal").await), [en.as_str()]);
    assert_eq!(listed(&get("from=2026-11-23&to=2026-11-23").await).len(), 4);
    assert!(listed(&get("from=2026-11-24").await).is_empty());
    let urgent_first = listed(&get("sort=urgency").await);
    assert_eq!(&urgent_first[..2], [ug.as_str(), en.as_str()]);
    let item = &get("label=legal").await["reports"][0];
    assert_eq!(item["labels"], json!(["legal"]));
    assert_eq!(item["assignee"], "bilal");

    assert_eq!(search(&t, &api, "ساقچىخانىغا").await, [ug.as_str()]);
    // The same word stretched with a tatweel, with a second word of the narrative.
    assert_eq!(
        search(&t, &api, "\u{0640}ساقچىخانىغا قەشقەردىكى").await,
        [ug.as_str()]
    );
    assert_eq!(search(&t, &api, "CONSULATE").await, [en.as_str()]);
    assert_eq!(
        search(&t, &api, "ｃｏｎｓｕｌａｔｅ protest").await,
        [en.as_str()]
    );
    assert_eq!(search(&t, &api, "préfecture").await, [fr.as_str()]);
    assert!(search(&t, &api, "consulate préfecture").await.is_empty());

    // A reporter's later message and a caseworker's note are found too.
    let receipt = t.submit_report("en", "They called my sister").await;
    let reporter = t
        .post_json(
            "/api/v1/reporter/session",
            &json!({"receipt": receipt}),
            None,
        )
        .await
        .json()["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let sent = t
        .post_json_bearer(
            "/api/v1/reporter/messages",
            &json!({"body": "The caller used the number +1 (416) 555-0199 again"}),
            &reporter,
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let latest = listed(&get("sort=newest&limit=1").await).remove(0);
    assert_eq!(search(&t, &api, "416) 555-0199").await, [latest.as_str()]);
    let noted = t
        .post_json_bearer(
            &format!("/api/v1/reports/{zh}/notes"),
            &json!({"body": "Linked to the restaurant owner Wang"}),
            &api,
        )
        .await;
    assert_eq!(noted.status, StatusCode::CREATED, "{}", noted.body);
    assert_eq!(search(&t, &api, "restaurant wang").await, [zh.as_str()]);

    // Pages: one at a time, oldest first, each cursor leading on, with and without a search.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/reports?sort=oldest&limit=2&cursor={c}"),
            None => "/api/v1/reports?sort=oldest&limit=2".to_owned(),
        };
        let page = t.get_bearer(&path, &api).await.json();
        seen.extend(listed(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert_eq!(&seen[..4], &ids[..]);
    // A search's pages: "the" is in the English account, in the note on the Chinese report and
    // in the last report, one page each.
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/reports?q=the&limit=1&sort=oldest&cursor={c}"),
            None => "/api/v1/reports?q=the&limit=1&sort=oldest".to_owned(),
        };
        let page = t.get_bearer(&path, &api).await.json();
        found.extend(listed(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(found, [zh.as_str(), en.as_str(), latest.as_str()]);

    // A later page links back to the first with the same filters and search.
    let later = t
        .get("/en/staff/inbox?sort=oldest&q=the&cursor=o1", Some(&amina))
        .await;
    assert_eq!(later.status, StatusCode::OK);
    assert!(
        html_unescape(&later.body)
            .contains(r#"href="/en/staff/inbox?q=the&sort=oldest" id="inbox-first""#),
        "{}",
        later.body
    );
}

async fn bad_filters_are_refused_in_words_with_the_form_kept(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("en", "Someone watched our meeting").await;
    let api = t.api_token("amina").await;
    for (query, code, parameter) in [
        ("status=lost", "invalid_filter", "status"),
        ("urgency=extreme", "invalid_filter", "urgency"),
        ("assignee=nobody-by-that-name", "invalid_filter", "assignee"),
        ("team=ghosts", "invalid_filter", "team"),
        ("label=unknown", "invalid_filter", "label"),
        ("tactic=teleportation", "invalid_filter", "tactic"),
        ("host_country=XX", "invalid_filter", "host_country"),
        ("unread=perhaps", "invalid_filter", "unread"),
        ("unread=1", "invalid_filter", "unread"),
        ("from=2026-02-31", "invalid_filter", "from"),
        ("from=2026-12-01&to=2026-11-01", "invalid_filter", "to"),
        ("sort=random", "invalid_filter", "sort"),
        ("cursor=u3.12", "invalid_cursor", "cursor"),
        ("cursor=n12&sort=oldest", "invalid_cursor", "cursor"),
        ("cursor=%27%20OR%201%3D1", "invalid_cursor", "cursor"),
        ("q=a+b+c+d+e+f+g+h+i", "invalid_search", "q"),
    ] {
        let answer = t
            .get_bearer(&format!("/api/v1/reports?{query}"), &api)
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        let error = &answer.json()["error"];
        assert_eq!(error["code"], code, "{query}");
        let message = error["message"].as_str().expect("message");
        assert!(
            message.starts_with(parameter) || message.contains(parameter),
            "{query}: {message}"
        );
    }
    let long = "字".repeat(refuge_domain::search::QUERY_MAX_CHARS + 1);
    let answer = t
        .get_bearer(
            &format!(
                "/api/v1/reports?q={}",
                percent_encoding::utf8_percent_encode(&long, percent_encoding::NON_ALPHANUMERIC)
            ),
            &api,
        )
        .await;
    assert_eq!(answer.json()["error"]["code"], "invalid_search");

    // The page: a 400 in the caseworker's language, naming the field, the search kept.
    let amina = t.log_in("amina").await;
    for locale in Locale::ALL {
        let tag = locale.tag();
        let page = t
            .get(
                &format!("/{tag}/staff/inbox?q=meeting&urgency=extreme"),
                Some(&amina),
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{tag}");
        let body = html_unescape(&page.body);
        let expected = locale.t_with(
            "inbox-filter-error",
            &[("field", locale.t("inbox-filter-urgency").into())],
        );
        assert!(body.contains(&expected), "{tag}: {body}");
        assert!(
            body.contains(r#"name="q" dir="auto" value="meeting""#),
            "{tag}"
        );
    }
    let page = t
        .get("/en/staff/inbox?q=a+b+c+d+e+f+g+h+i", Some(&amina))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        html_unescape(&page.body)
            .contains(&Locale::En.t_with("inbox-search-too-many-terms", &[("max", 8u64.into())]))
    );
}

async fn a_search_never_reaches_a_report_routed_elsewhere(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    t.add_staff("bilal", Role::Caseworker).await;
    let admin = t.api_token("admin").await;
    for (name, member) in [("uyghur", "amina"), ("intake", "bilal")] {
        let created = t
            .post_json_bearer(
                "/api/v1/admin/teams",
                &json!({"name": name, "members": [member]}),
                &admin,
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    }
    let routed = t
        .send_put_json(
            "/api/v1/admin/routing",
            &json!({"rules": [{"when": {"language": "ug"}, "teams": ["uyghur"]}], "default_teams": ["intake"]}),
            &admin,
        )
        .await;
    assert_eq!(routed.status, StatusCode::OK, "{}", routed.body);
    t.submit_report("ug", UYGHUR).await;
    t.submit_report("en", "Someone photographed us near the consulate")
        .await;
    let amina = t.api_token("amina").await;
    let bilal = t.api_token("bilal").await;
    assert_eq!(search(&t, &amina, "ساقچىخانىغا").await.len(), 1);
    assert!(search(&t, &bilal, "ساقچىخانىغا").await.is_empty());
    let bilal_ug = t
        .get_bearer("/api/v1/reports?language=ug", &bilal)
        .await
        .json();
    assert!(listed(&bilal_ug).is_empty(), "not even listed");
    let by_team = t
        .get_bearer("/api/v1/reports?team=uyghur", &amina)
        .await
        .json();
    assert_eq!(by_team["reports"][0]["teams"], json!(["uyghur"]));
    assert!(
        listed(
            &t.get_bearer("/api/v1/reports?team=uyghur", &bilal)
                .await
                .json()
        )
        .is_empty()
    );
    // Bilal's page search answers "no match", never a hint that there is something.
    let page = t
        .get(
            "/en/staff/inbox?q=%D8%B3%D8%A7%D9%82%DA%86%D9%89",
            Some(&t.log_in("bilal").await),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(html_unescape(&page.body).contains(&Locale::En.t("inbox-filter-none-match")));
    assert!(extract(&page.body, "/en/staff/reports/", "\"").is_none());
}

async fn the_bulk_form_returns_to_the_same_filters(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("ug", UYGHUR).await;
    t.submit_report("en", ENGLISH).await;
    let amina = t.log_in("amina").await;
    let filtered = t
        .get("/en/staff/inbox?language=ug&sort=oldest", Some(&amina))
        .await;
    let id = extract(&filtered.body, "/en/staff/reports/", "\"").expect("the Uyghur report");
    let done = t
        .submit(
            &filtered.body,
            "/en/staff/inbox/bulk",
            &[("ids", &id), ("status", "in_progress")],
            Some(&amina),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let location = done.headers["location"].to_str().expect("location");
    assert_eq!(
        location,
        "/en/staff/inbox?language=ug&sort=oldest&changed=1"
    );
    // What the form carries back is read as filters again: nothing else gets through.
    let mut fields: Vec<(String, String)> =
        support::hidden_fields(&filtered.body, "/en/staff/inbox/bulk")
            .into_iter()
            .filter(|(name, _)| name != "back")
            .collect();
    fields.push(("back".into(), "x=1&language=ug&//evil.example".into()));
    fields.push(("ids".into(), id.clone()));
    fields.push(("status".into(), "received".into()));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let forged = t
        .post_form("/en/staff/inbox/bulk", &fields, Some(&amina))
        .await;
    let location = forged.headers["location"].to_str().expect("location");
    assert_eq!(location, "/en/staff/inbox?language=ug&changed=1");
}

on_both_engines!(
    the_inbox_filters_sorts_pages_and_searches,
    bad_filters_are_refused_in_words_with_the_form_kept,
    a_search_never_reaches_a_report_routed_elsewhere,
    the_bulk_form_returns_to_the_same_filters,
);
