//! The public registry through the real app on both engines: drafts are invisible to the
//! public until a second person publishes them (never the author); the naming rule refuses a
//! private party without a sourced basis; a newer draft does not change what the public sees
//! until it is published; the public pages filter, draw the map and show official responses
//! beside the allegation; the exports carry everything published and the licence, nothing
//! else; the research seed imports twice to the same registry; researchers work through the
//! real forms, and a bad form keeps what was typed.

#[allow(unused_macros)]
#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::ports::RegistryStore;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use serde_json::{Value, json};
use support::TestApp;

/// A page's text as read: entities decoded, without Fluent's isolation marks.
fn plain(body: &str) -> String {
    support::html_unescape(body).replace(['\u{2068}', '\u{2069}'], "")
}

fn samples(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/registry-seed")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn source(t: &TestApp, token: &str, title: &str) -> String {
    let created = t
        .post_json_bearer(
            "/api/v1/registry/sources",
            &json!({
                "url": "https://example.org/report",
                "publisher": "Example Monitor",
                "title": title,
                "date": "2022-12",
                "kind": "ngo_report",
                "reliability": "B",
                "credibility": "2",
                "archived_sha256": "AB".repeat(32),
            }),
            token,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = created.json();
    assert_eq!(body["archived_sha256"], "ab".repeat(32));
    assert!(
        body["reference"]
            .as_str()
            .is_some_and(|r| r.starts_with('R'))
    );
    body["id"].as_str().expect("id").to_owned()
}

fn place(source: &str, summary: &str) -> Value {
    json!({
        "kind": "place",
        "title": "Alleged station, Rotterdam",
        "summary": summary,
        "country": "NL",
        "city": "Rotterdam",
        "operated_by": "Fuzhou PSB",
        "first_reported": "2022-09-12",
        "statuses": [
            {"status": "alleged", "day": "2022-09-12", "sources": [source]},
            {"status": "host_closure_ordered", "day": "2022-11-01", "sources": [source]}
        ],
        "responses": [
            {"party": "host_state", "kind": "closure_order", "day": "2022-11-01",
             "summary": "The foreign ministry ordered the site closed.", "sources": [source]},
            {"party": "accused_state", "kind": "denial", "day": "2022-11-02",
             "summary": "The embassy said these were volunteer service points, not police stations.", "sources": [source]}
        ],
        "sources": [source]
    })
}

/// The two-person rule, drafts invisible, versions kept, responses beside the allegation.
async fn a_second_person_publishes_and_the_public_sees_only_that(t: TestApp) {
    t.add_staff("ana", Role::Researcher).await;
    t.add_staff("ben", Role::Researcher).await;
    t.add_staff("cai", Role::Caseworker).await;
    let ana = t.api_token("ana").await;
    let ben = t.api_token("ben").await;
    let cai = t.api_token("cai").await;
    let s1 = source(&t, &ana, "Patrol and Persuade").await;

    // A caseworker writes no registry.
    let refused = t
        .post_json_bearer(
            "/api/v1/registry/entries",
            &json!({"entry": place(&s1, "x")}),
            &cai,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    let created = t
        .post_json_bearer(
            "/api/v1/registry/entries",
            &json!({"entry": place(&s1, "Listed among the Fuzhou stations. REGISTRY-V1")}),
            &ana,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_str().expect("id").to_owned();

    // A draft does not exist for the public, anywhere.
    for path in [
        "/en/registry",
        "/registry.csv",
        "/registry.json",
        "/api/v1/registry/entries",
    ] {
        let page = t.get(path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains("REGISTRY-V1") && !page.body.contains(&id),
            "{path}"
        );
    }
    assert_eq!(
        t.get(&format!("/en/registry/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    let api = t.get(&format!("/api/v1/registry/entries/{id}"), None).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["error"]["code"], "not_found");

    // The author never publishes; a caseworker neither.
    let own = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{id}/publish"),
            &json!({"version": 1}),
            &ana,
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    assert_eq!(own.json()["error"]["code"], "author_cannot_publish");
    let outsider = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{id}/publish"),
            &json!({"version": 1}),
            &cai,
        )
        .await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN);
    let published = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{id}/publish"),
            &json!({"version": 1}),
            &ben,
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);

    let public = t.get(&format!("/api/v1/registry/entries/{id}"), None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    let entry = public.json();
    assert_eq!(entry["version"], 1);
    assert_eq!(entry["last_reviewed"], "2026-11-23");
    assert_eq!(entry["statuses"][1]["status"], "host_closure_ordered");
    assert_eq!(entry["responses"][1]["kind"], "denial");
    assert_eq!(entry["sources_cited"][0]["reliability"], "B");
    assert_eq!(entry["history"].as_array().map(Vec::len), Some(1));

    // A new draft leaves the public version as it was until someone else publishes it.
    let revised = t
        .send_put_json(
            &format!("/api/v1/registry/entries/{id}"),
            &json!({"base_version": 1, "entry": place(&s1, "Closed after the order. REGISTRY-V2")}),
            &ben,
        )
        .await;
    assert_eq!(revised.status, StatusCode::OK, "{}", revised.body);
    assert_eq!(revised.json()["version"], 2);
    let stale = t
        .send_put_json(
            &format!("/api/v1/registry/entries/{id}"),
            &json!({"base_version": 1, "entry": place(&s1, "lost update")}),
            &ana,
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["error"]["code"], "version_conflict");
    let page = plain(&t.get(&format!("/en/registry/{id}"), None).await.body);
    assert!(page.contains("REGISTRY-V1") && !page.contains("REGISTRY-V2"));
    let by_ben = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{id}/publish"),
            &json!({"version": 2}),
            &ben,
        )
        .await;
    assert_eq!(by_ben.json()["error"]["code"], "author_cannot_publish");
    let by_ana = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{id}/publish"),
            &json!({"version": 2}),
            &ana,
        )
        .await;
    assert_eq!(by_ana.status, StatusCode::OK, "{}", by_ana.body);

    let page = plain(&t.get(&format!("/fr/registry/{id}"), None).await.body);
    assert!(page.contains("REGISTRY-V2") && !page.contains("REGISTRY-V1"));
    // The responses, the denial included, sit beside the allegation, not after the sources.
    let side = page.find("class=\"side-by-side\"").expect("side by side");
    let denial = page
        .find("volunteer service points")
        .expect("the denial is shown");
    let sources = page
        .find("Patrol and Persuade")
        .expect("the source is shown");
    assert!(
        side < denial && denial < sources,
        "responses beside the allegation"
    );
    assert!(page.contains("B2"), "the grade");
    assert!(page.contains(&"ab".repeat(32)), "the archived copy's hash");
    let versions = t
        .get_bearer(&format!("/api/v1/registry/drafts/{id}"), &ana)
        .await;
    let versions = versions.json();
    assert_eq!(versions["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(versions["published_version"], 2);
}

/// The naming rule: a private person or non-state organisation is published only on a
/// sourced basis; a state body needs none.
async fn nobody_private_is_named_without_a_sourced_basis(t: TestApp) {
    t.add_staff("ana", Role::Researcher).await;
    t.add_staff("root", Role::Admin).await;
    let ana = t.api_token("ana").await;
    let root = t.api_token("root").await;
    let s1 = source(&t, &ana, "Indictment").await;
    let actor = |party: &str, basis: Option<&str>, basis_sources: Vec<&str>| {
        json!({"entry": {
            "kind": "actor", "title": "Hometown association", "party": party,
            "naming_basis": basis, "naming_sources": basis_sources, "sources": [s1]
        }})
    };
    let publish = |id: String| {
        let root = root.clone();
        let t = &t;
        async move {
            t.post_json_bearer(
                &format!("/api/v1/registry/entries/{id}/publish"),
                &json!({"version": 1}),
                &root,
            )
            .await
        }
    };
    let create = |body: Value| {
        let ana = ana.clone();
        let t = &t;
        async move {
            let created = t
                .post_json_bearer("/api/v1/registry/entries", &body, &ana)
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
            created.json()["id"].as_str().expect("id").to_owned()
        }
    };
    let none = publish(create(actor("non_state_organisation", None, vec![])).await).await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert_eq!(none.json()["error"]["code"], "invalid_entry");
    assert!(
        none.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("naming_without_basis"))
    );
    let unsourced = publish(create(actor("private_person", Some("charged"), vec![])).await).await;
    assert_eq!(unsourced.status, StatusCode::BAD_REQUEST);
    let sourced =
        publish(create(actor("non_state_organisation", Some("charged"), vec![&s1])).await).await;
    assert_eq!(sourced.status, StatusCode::OK, "{}", sourced.body);
    let state_body = publish(create(actor("state_body", None, vec![])).await).await;
    assert_eq!(state_body.status, StatusCode::OK, "{}", state_body.body);
    // Nothing is published on no source at all.
    let bare =
        create(json!({"entry": {"kind": "figure", "title": "Stations", "value": "54"}})).await;
    let refused = publish(bare).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    // Unknown codes and countries are 400s naming the field.
    let bad = t
        .post_json_bearer(
            "/api/v1/registry/entries",
            &json!({"entry": {"kind": "place", "title": "x", "country": "QQ"}}),
            &ana,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["code"], "unknown_code");
    let bad = t
        .post_json_bearer(
            "/api/v1/registry/entries",
            &json!({"entry": {"kind": "rumour", "title": "x"}}),
            &ana,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Withdrawing is for administrators; the public then no longer sees the entry.
    let list = t
        .get("/api/v1/registry/entries?kind=actor", None)
        .await
        .json();
    let first = list["entries"][0]["id"]
        .as_str()
        .expect("an actor")
        .to_owned();
    let by_ana = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{first}/withdraw"),
            &json!({}),
            &ana,
        )
        .await;
    assert_eq!(by_ana.status, StatusCode::FORBIDDEN);
    let by_root = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{first}/withdraw"),
            &json!({}),
            &root,
        )
        .await;
    assert_eq!(by_root.status, StatusCode::OK, "{}", by_root.body);
    assert_eq!(
        t.get(&format!("/api/v1/registry/entries/{first}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// The research seed: 110 sources and 101 entries as drafts; the second import changes
/// nothing; a corrected row becomes a new draft and the published version stays public; a
/// file with a bad row changes nothing.
async fn the_seed_imports_twice_to_the_same_registry(t: TestApp) {
    let (stations, sources, figures) = (
        samples("stations.csv"),
        samples("sources.csv"),
        samples("figures.csv"),
    );
    let first = t
        .app
        .import_registry_seed(&stations, &sources, Some(&figures))
        .await
        .expect("import");
    assert_eq!((first.sources_added, first.entries_added), (110, 101));
    t.add_staff("ana", Role::Researcher).await;
    let ana = t.api_token("ana").await;
    let before = t.get_bearer("/api/v1/registry/drafts", &ana).await.json();
    let second = t
        .app
        .import_registry_seed(&stations, &sources, Some(&figures))
        .await
        .expect("again");
    assert_eq!(
        (second.sources_unchanged, second.entries_unchanged),
        (110, 101)
    );
    assert_eq!(
        (
            second.sources_added,
            second.entries_added,
            second.entries_changed
        ),
        (0, 0, 0)
    );
    assert_eq!(
        t.get_bearer("/api/v1/registry/drafts", &ana).await.json(),
        before
    );
    // Nothing imported is public until someone reviews it.
    assert_eq!(
        t.get("/api/v1/registry/entries", None).await.json()["entries"],
        json!([])
    );

    // A researcher publishes the Rotterdam entry (the importer is nobody's account).
    let entries = before["entries"].as_array().expect("entries").clone();
    let nl = entries
        .iter()
        .find(|e| e["reference"] == "NL-02")
        .expect("NL-02");
    let id = nl["id"].as_str().expect("id");
    let published = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{id}/publish"),
            &json!({"version": 1}),
            &ana,
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let public = t
        .get("/api/v1/registry/entries?country=NL", None)
        .await
        .json();
    assert_eq!(public["entries"].as_array().map(Vec::len), Some(1));
    assert_eq!(public["entries"][0]["reference"], "NL-02");

    // A corrected seed: one new draft, the published text unchanged.
    let corrected = String::from_utf8(stations.clone())
        .expect("utf-8")
        .replacen("NL-02,NL,Rotterdam", "NL-02,NL,Rotterdam (corrected)", 1);
    assert_ne!(
        corrected.as_bytes(),
        stations.as_slice(),
        "the seed has the NL-02 row"
    );
    let third = t
        .app
        .import_registry_seed(corrected.as_bytes(), &sources, Some(&figures))
        .await
        .expect("corrected");
    assert_eq!((third.entries_changed, third.entries_unchanged), (1, 100));
    let public = t
        .get(&format!("/api/v1/registry/entries/{id}"), None)
        .await
        .json();
    assert_eq!(public["city"], "Rotterdam");
    // A file with a bad row changes nothing at all.
    let broken = String::from_utf8(sources.clone()).expect("utf-8")
        + "S999,Nobody,Nothing,2020,not a url,news\n";
    let refused = t
        .app
        .import_registry_seed(&stations, broken.as_bytes(), None)
        .await;
    assert!(refused.is_err());
    let after = t.get_bearer("/api/v1/registry/sources", &ana).await.json();
    assert_eq!(after["sources"].as_array().map(Vec::len), Some(110));
}

/// The public pages: filters (kind, country, status, words), the map with a table saying the
/// same, the exports with the licence; a bad filter is a 400 that keeps what was asked.
async fn the_public_pages_filter_map_and_export(t: TestApp) {
    let (stations, sources, figures) = (
        samples("stations.csv"),
        samples("sources.csv"),
        samples("figures.csv"),
    );
    t.app
        .import_registry_seed(&stations, &sources, Some(&figures))
        .await
        .expect("import");
    t.add_staff("ana", Role::Researcher).await;
    let ana = t.api_token("ana").await;
    let drafts = t.get_bearer("/api/v1/registry/drafts", &ana).await.json();
    let mut published = 0;
    for entry in drafts["entries"].as_array().expect("entries") {
        let reference = entry["reference"].as_str().unwrap_or("");
        if ["NL-02", "CA-01", "CA-02", "US-01", "GB-01", "F02"].contains(&reference) {
            let id = entry["id"].as_str().expect("id");
            let done = t
                .post_json_bearer(
                    &format!("/api/v1/registry/entries/{id}/publish"),
                    &json!({"version": 1}),
                    &ana,
                )
                .await;
            assert_eq!(done.status, StatusCode::OK, "{reference}: {}", done.body);
            published += 1;
        }
    }
    assert_eq!(published, 6);

    let list = t.get("/en/registry", None).await;
    assert_eq!(list.status, StatusCode::OK);
    let body = plain(&list.body);
    assert!(body.contains("<svg") && body.contains("class=\"world-map\""));
    assert!(
        body.contains("<title>Canada: 2</title>"),
        "the map titles each country"
    );
    assert!(
        body.contains("<td>Canada</td><td class=\"num\">2</td>"),
        "the table says the same"
    );
    assert!(!body.contains("<script"));
    // Every country is drawn (Hong Kong and the other small territories included: the map's
    // own tests check which).
    assert!(body.matches("<path d=").count() >= 230);
    let ug = t.get("/ug/registry", None).await;
    assert!(ug.body.contains("dir=\"rtl\""));

    let canada = t
        .get_form(&list.body, "registry-filters", &[("country", "CA")], None)
        .await;
    assert_eq!(canada.status, StatusCode::OK);
    let canada = plain(&canada.body);
    assert!(canada.contains("2 entries"), "{canada}");
    let figures_only = plain(&t.get("/en/registry?kind=figure", None).await.body);
    assert!(figures_only.contains("One entry"));
    let ordered = plain(
        &t.get("/en/registry?status=host_closure_ordered", None)
            .await
            .body,
    );
    assert!(ordered.contains("Rotterdam") && !ordered.contains("Markham"));
    let words = plain(&t.get("/en/registry?q=markham", None).await.body);
    assert!(words.contains("2 entries"));
    let bad = t.get("/fr/registry?country=QQ&q=gardé", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(plain(&bad.body).contains("gardé"), "what was asked is kept");
    let api_bad = t
        .get("/api/v1/registry/entries?status=rumoured", None)
        .await;
    assert_eq!(api_bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(api_bad.json()["error"]["code"], "unknown_code");

    let (status, headers, csv) = t.get_bytes("/registry.csv", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/csv")
    );
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter().all(|r| r.get(16) == Some("CC BY 4.0")),
        "the licence on every row"
    );
    let json_export = t.get("/registry.json", None).await.json();
    assert_eq!(json_export["licence"], "CC BY 4.0");
    assert_eq!(json_export["entries"].as_array().map(Vec::len), Some(6));
    let cited = json_export["sources"].as_array().map(Vec::len).unwrap_or(0);
    assert!(
        cited > 0 && cited < 110,
        "only the sources published entries cite: {cited}"
    );

    // Everything that can be published, published: each page, with its stylesheet, stays
    // light in every language.
    for entry in drafts["entries"].as_array().expect("entries") {
        let id = entry["id"].as_str().expect("id");
        if entry["published_version"].is_null() {
            t.post_json_bearer(
                &format!("/api/v1/registry/entries/{id}/publish"),
                &json!({"version": 1}),
                &ana,
            )
            .await;
        }
    }
    let all = t.get("/api/v1/registry/entries", None).await.json();
    let count = all["entries"].as_array().map(Vec::len).unwrap_or(0);
    assert!(count >= 95, "{count} published");
    let css = t.get("/static/refuge.css", None).await.body.len();
    let some_entry = all["entries"][0]["id"]
        .as_str()
        .expect("an entry")
        .to_owned();
    for locale in ["en", "fr", "zh-Hans", "zh-Hant", "ug", "bo"] {
        for path in [
            format!("/{locale}/registry"),
            format!("/{locale}/registry/{some_entry}"),
        ] {
            let page = t.get(&path, None).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            let bytes = page.body.len() + css;
            assert!(
                bytes <= 60 * 1024,
                "{path}: {bytes} bytes with the stylesheet"
            );
        }
    }
}

/// Researchers through the real forms: a researcher lands on the workbench, writes a draft,
/// a bad date is refused with what was typed kept, a colleague publishes it.
async fn researchers_work_through_the_forms(t: TestApp) {
    t.add_staff("ana", Role::Researcher).await;
    t.add_staff("ben", Role::Researcher).await;
    let ana = t.log_in("ana").await;
    let landing = t.get("/en/staff/inbox", Some(&ana)).await;
    assert_eq!(landing.status, StatusCode::SEE_OTHER);
    assert_eq!(landing.headers["location"], "/en/staff/registry");

    let sources = t.get("/en/staff/registry/sources", Some(&ana)).await;
    let added = t
        .submit(
            &sources.body,
            "/en/staff/registry/sources",
            &[
                ("url", "https://example.org/court"),
                ("publisher", "US Attorney's Office"),
                ("title", "Guilty plea entered"),
                ("date", "2024-12-18"),
                ("kind", "court_record"),
                ("reliability", "A"),
                ("credibility", "1"),
                ("archived_sha256", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let bad_source = t
        .submit(
            &sources.body,
            "/en/staff/registry/sources",
            &[
                ("url", "ftp://x"),
                ("publisher", "P"),
                ("title", "T KEPT-TITLE"),
                ("date", ""),
                ("kind", "news"),
                ("reliability", "C"),
                ("credibility", "3"),
                ("archived_sha256", ""),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(bad_source.status, StatusCode::BAD_REQUEST);
    assert!(bad_source.body.contains("KEPT-TITLE"));

    let form = t
        .get("/en/staff/registry/new?kind=incident", Some(&ana))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let fields = |day: &'static str| {
        vec![
            ("title", "Arrests in Manhattan"),
            (
                "summary",
                "Two men arrested over a site in Manhattan. KEPT-SUMMARY",
            ),
            ("country", "US"),
            ("city", "New York"),
            ("period", "2023-04"),
            ("people", "2"),
            ("tactics", "physical_surveillance"),
            ("status", "criminal_charges"),
            ("status_day", day),
            ("status_sources", "R1"),
            ("status", ""),
            ("status_day", ""),
            ("status_sources", ""),
            ("response_party", "court"),
            ("response_kind", "court_outcome"),
            ("response_day", "2024-12-18"),
            ("response_summary", "One defendant pleaded guilty."),
            ("response_sources", "R1"),
            ("sources", "R1"),
        ]
    };
    let refused = t
        .submit(
            &form.body,
            "/en/staff/registry",
            &fields("2023-13-40"),
            Some(&ana),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    let refused_page = plain(&refused.body);
    assert!(refused_page.contains("KEPT-SUMMARY") && refused_page.contains("2023-13-40"));
    assert!(refused_page.contains("write a year, a month or a day"));
    let saved = t
        .submit(
            &refused.body,
            "/en/staff/registry",
            &fields("2023-04-17"),
            Some(&ana),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let entry_page = t.follow(&saved, Some(&ana)).await;
    let entry_body = plain(&entry_page.body);
    assert!(entry_body.contains("Saved as a draft"));
    assert!(
        entry_body.contains("You wrote this version"),
        "the author is told why not"
    );
    let path = saved.headers["location"]
        .to_str()
        .expect("location")
        .split('?')
        .next()
        .expect("path")
        .to_owned();

    let ben = t.log_in("ben").await;
    let for_ben = t.get(&path, Some(&ben)).await;
    assert!(for_ben.body.contains("Publish this version"));
    let publish = t
        .submit(&for_ben.body, &format!("{path}/publish"), &[], Some(&ben))
        .await;
    assert_eq!(publish.status, StatusCode::SEE_OTHER, "{}", publish.body);
    let public_id = path.rsplit('/').next().expect("id");
    let public = plain(
        &t.get(&format!("/zh-Hant/registry/{public_id}"), None)
            .await
            .body,
    );
    assert!(
        public.contains("Arrests in Manhattan") && public.contains("One defendant pleaded guilty.")
    );
    // Without the CSRF field, nothing.
    let forged = t
        .post_form(&format!("{path}/publish"), &[("version", "1")], Some(&ben))
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

on_both_engines!(
    a_second_person_publishes_and_the_public_sees_only_that,
    nobody_private_is_named_without_a_sourced_basis,
    the_seed_imports_twice_to_the_same_registry,
    the_public_pages_filter_map_and_export,
    researchers_work_through_the_forms,
    a_source_keeps_a_sealed_archived_copy,
);

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// A copy of `size` bytes that says `canary` once near its start and once near its end, in
/// pieces of several chunks.
fn copy_with_canary(canary: &str, size: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    bytes[100..100 + canary.len()].copy_from_slice(canary.as_bytes());
    let end = size - 100 - canary.len();
    bytes[end..end + canary.len()].copy_from_slice(canary.as_bytes());
    bytes
}

/// The archived copy of a source: kept through the researchers' form and the API, sealed
/// (never in clear in the database files), its SHA-256 on the source and public once an entry
/// cites it, the copy itself never public; only researchers and administrators it was sealed
/// to download it; refusals are clear and keep the earlier copy; a new copy replaces the old.
async fn a_source_keeps_a_sealed_archived_copy(t: TestApp) {
    t.add_staff("ana", Role::Researcher).await;
    t.add_staff("ben", Role::Researcher).await;
    t.add_staff("root", Role::Admin).await;
    t.add_staff("cai", Role::Caseworker).await;
    let ana_token = t.api_token("ana").await;
    let ben_token = t.api_token("ben").await;
    let root_token = t.api_token("root").await;
    let cai_token = t.api_token("cai").await;
    let source_id = source(&t, &ana_token, "Patrol and Persuade").await;
    let page_path = format!("/en/staff/registry/sources/{source_id}");
    let action = format!("/en/staff/registry/sources/{source_id}/archive");

    // Through the form: the list links to the source's page, which has none yet.
    let ana = t.log_in("ana").await;
    let list = t.get("/en/staff/registry/sources", Some(&ana)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body
            .contains(&format!("/en/staff/registry/sources/{source_id}\""))
    );
    let page = t.get(&page_path, Some(&ana)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"id="archive-none""#));
    assert!(page.body.contains(r#"enctype="multipart/form-data""#));
    let csrf = support::hidden_fields(&page.body, &action)
        .into_iter()
        .find(|(name, _)| name == "csrf")
        .expect("csrf")
        .1;

    let canary = "ARCHIVE-CANARY-5f1c9e";
    let copy = copy_with_canary(canary, 300 * 1024);
    let kept = t
        .post_multipart(
            &action,
            &[("csrf", &csrf)],
            &[("copy", "rapport-saisi.pdf", &copy)],
            Some(&ana),
            None,
        )
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    let after = t.follow(&kept, Some(&ana)).await;
    assert!(plain(&after.body).contains(&Locale::En.t("registry-archived-notice")));
    assert!(after.body.contains(&hex_sha256(&copy)));
    assert!(after.body.contains("rapport-saisi.pdf"));
    assert!(!after.body.contains(canary));

    // The hash is on the source; the download gives the copy back, byte for byte.
    let sources = t
        .get_bearer("/api/v1/registry/sources", &ben_token)
        .await
        .json();
    let listed = sources["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == source_id.as_str())
        .expect("source")
        .clone();
    assert_eq!(listed["archived_sha256"], hex_sha256(&copy));
    let (status, headers, bytes) = t.get_bytes(&action, Some(&ana)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/octet-stream");
    assert!(
        headers["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("rapport-saisi.pdf")
    );
    assert!(bytes == copy, "the copy comes back whole");
    for token in [&ben_token, &root_token] {
        let (status, _, bytes) = t
            .get_bytes_bearer(
                &format!("/api/v1/registry/sources/{source_id}/archive"),
                token,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(bytes == copy);
    }
    // A caseworker neither downloads nor keeps one; nobody signed out does.
    let (status, _, _) = t
        .get_bytes_bearer(
            &format!("/api/v1/registry/sources/{source_id}/archive"),
            &cai_token,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let refused = t
        .post_multipart(
            &format!("/api/v1/registry/sources/{source_id}/archive"),
            &[],
            &[("file", "x.pdf", b"%PDF-1.4 other")],
            None,
            Some(&cai_token),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (status, _, _) = t.get_bytes(&action, None).await;
    assert_ne!(status, StatusCode::OK);

    // Never in clear at rest (SQLite keeps everything in its data directory).
    for file in walk(t.data_dir()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
            "{}",
            file.display()
        );
    }

    // The public sees the hash once an entry cites the source, never the copy.
    let created = t
        .post_json_bearer(
            "/api/v1/registry/entries",
            &json!({"entry": place(&source_id, "Listed among the Fuzhou stations.")}),
            &ana_token,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let entry = created.json()["id"].as_str().expect("id").to_owned();
    let published = t
        .post_json_bearer(
            &format!("/api/v1/registry/entries/{entry}/publish"),
            &json!({"version": 1}),
            &ben_token,
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    for path in [
        format!("/en/registry/{entry}"),
        "/registry.json".to_owned(),
        "/registry.csv".to_owned(),
    ] {
        let public = t.get(&path, None).await;
        assert_eq!(public.status, StatusCode::OK, "{path}");
        // The CSV names sources by reference; the page and the JSON give their hashes.
        assert!(
            path.ends_with(".csv") || public.body.contains(&hex_sha256(&copy)),
            "{path}"
        );
        assert!(
            !public.body.contains(canary) && !public.body.contains("rapport-saisi"),
            "{path}"
        );
    }

    // Refusals: too large, empty, two files, no file, no CSRF field. Each is clear, and the
    // copy kept stays.
    let too_large = vec![7u8; t.app.settings().files.per_file_bytes as usize + 1];
    let answer = t
        .post_multipart(
            &action,
            &[("csrf", &csrf)],
            &[("copy", "big.bin", &too_large)],
            Some(&ana),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(answer.body.contains(r#"role="alert""#));
    assert!(
        answer.body.contains(&hex_sha256(&copy)),
        "the old copy is still shown"
    );
    let answer = t
        .post_multipart(
            &action,
            &[("csrf", &csrf)],
            &[("copy", "empty.pdf", b"")],
            Some(&ana),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(plain(&answer.body).contains(&Locale::En.t("error-empty-file")));
    let answer = t
        .post_multipart(
            &format!("/api/v1/registry/sources/{source_id}/archive"),
            &[],
            &[("file", "a.pdf", b"one"), ("file", "b.pdf", b"two")],
            None,
            Some(&ana_token),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    let answer = t
        .post_multipart(
            &format!("/api/v1/registry/sources/{source_id}/archive"),
            &[],
            &[],
            None,
            Some(&ana_token),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    let forged = t
        .post_multipart(
            &action,
            &[],
            &[("copy", "forged.pdf", b"%PDF-1.4 forged")],
            Some(&ana),
            None,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let unknown = t
        .post_multipart(
            &format!("/api/v1/registry/sources/{}/archive", "0".repeat(32)),
            &[],
            &[("file", "a.pdf", b"one")],
            None,
            Some(&ana_token),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let still = t.store.source_archives().await.expect("archives");
    assert_eq!(still.len(), 1);
    let first_blob = still[0].blob.clone();
    assert_eq!(still[0].size, copy.len() as u64);

    // A new copy through the API replaces the old, whose sealed blob is deleted.
    let second = b"%PDF-1.4 the page as it read a week later".to_vec();
    let answer = t
        .post_multipart(
            &format!("/api/v1/registry/sources/{source_id}/archive"),
            &[],
            &[("file", "later.pdf", &second)],
            None,
            Some(&ben_token),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["source"]["archived_sha256"], hex_sha256(&second));
    assert_eq!(body["size"], second.len());
    let archives = t.store.source_archives().await.expect("archives");
    assert_eq!(archives.len(), 1);
    assert_ne!(archives[0].blob, first_blob);
    let mut gone = false;
    for _ in 0..50 {
        let names = refuge_domain::ports::InstanceStore::blob_names(&t.store)
            .await
            .expect("names");
        assert!(names.contains(&archives[0].blob) && !names.contains(&first_blob));
        if !t.store.blob_is_committed(&first_blob).await.expect("blob") {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(gone, "the replaced copy's blob is deleted");

    // A researcher who joins later cannot open a copy sealed before; the page says why.
    t.add_staff("dan", Role::Researcher).await;
    let dan = t.log_in("dan").await;
    let page = t.get(&page_path, Some(&dan)).await;
    assert!(page.body.contains(r#"id="archive-not-yours""#));
    let dan_token = t.api_token("dan").await;
    let (status, _, _) = t
        .get_bytes_bearer(
            &format!("/api/v1/registry/sources/{source_id}/archive"),
            &dan_token,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // On record, naming the source and hash, never the file's name.
    let audit = t.app_store_audit().await;
    let rows: Vec<_> = audit
        .iter()
        .filter(|a| a.action == refuge_domain::AuditAction::RegistrySourceArchived)
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|a| !a.subject.contains("rapport")));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}
