//! The JSON Schemas in `schemas/` (what editors validate plan YAML against as you type) agree with
//! the Rust model: the plan and the fixtures validate, broken documents are rejected, every YAML
//! file points at its schema, and for hundreds of mutated documents (a field removed, added,
//! nulled or given the wrong type) the schema says yes exactly when `plandoc check` does.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The YAML files that have a schema, by file name.
const SCHEMA_FILES: &[&str] = &["plan.yaml", "targets.yaml", "glossary.yaml"];

fn schema_path(yaml_name: &str) -> PathBuf {
    let stem = yaml_name.trim_end_matches(".yaml");
    root().join("schemas").join(format!("{stem}.schema.json"))
}

fn schema(yaml_name: &str) -> Value {
    let path = schema_path(yaml_name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(yaml_name: &str) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema(yaml_name))
        .unwrap_or_else(|e| panic!("schema for {yaml_name}: {e}"))
}

/// YAML as the YAML language server sees it: YAML 1.2 core types (`2021-12-17` is a string).
fn yaml_to_json(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"))
}

/// The schema's complaints about a document, one line each (empty when it is valid).
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(path: &Path) {
    let name = path.file_name().unwrap().to_str().unwrap();
    let doc = yaml_to_json(&std::fs::read_to_string(path).unwrap());
    let errs = errors(&validator(name), &doc);
    assert!(
        errs.is_empty(),
        "{} does not match its schema:\n{}",
        path.display(),
        errs.join("\n")
    );
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for name in SCHEMA_FILES {
        let s = schema(name);
        assert_eq!(
            s["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("schema for {name} is not a valid schema: {e}");
        }
        assert_eq!(s["additionalProperties"], false, "{name}");
        assert!(s["description"].is_string(), "{name} has no description");
        // Every example the schema gives validates against it.
        let v = validator(name);
        for ex in s["examples"].as_array().expect("top-level examples") {
            assert!(errors(&v, ex).is_empty(), "{name}: example {ex}");
        }
    }
}

/// Every property of every schema has a description (they are the editor's tooltips), and every
/// object schema forbids unknown fields like the model does.
#[test]
fn every_property_is_described_and_closed() {
    fn walk(name: &str, path: &str, v: &Value) {
        let Some(obj) = v.as_object() else { return };
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            if !path.contains("/if") && !path.contains("/then") {
                assert_eq!(
                    obj.get("additionalProperties"),
                    Some(&Value::Bool(false)),
                    "{name}{path}: object without additionalProperties: false"
                );
                for (key, prop) in props {
                    assert!(
                        prop.get("description").is_some_and(Value::is_string),
                        "{name}{path}/properties/{key}: no description"
                    );
                }
            }
        }
        for (key, child) in obj {
            match child {
                Value::Object(_) => walk(name, &format!("{path}/{key}"), child),
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(name, &format!("{path}/{key}/{i}"), item);
                    }
                }
                _ => {}
            }
        }
    }
    for name in SCHEMA_FILES {
        walk(name, "", &schema(name));
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_plan_and_the_minimal_fixture_match_their_schemas() {
    let mut seen = Vec::new();
    let constructs = std::fs::read_dir(fixture("constructs"))
        .unwrap()
        .map(|e| e.unwrap().path());
    for dir in [root().join("plan"), fixture("minimal")]
        .into_iter()
        .chain(constructs)
    {
        for path in yaml_files(&dir) {
            assert_valid(&path);
            seen.push(path);
        }
    }
    // plan/targets.yaml is validated as soon as it exists; the others must.
    for required in [
        root().join("plan/plan.yaml"),
        root().join("plan/glossary.yaml"),
        fixture("minimal").join("plan.yaml"),
        fixture("minimal").join("targets.yaml"),
        fixture("minimal").join("glossary.yaml"),
    ] {
        assert!(seen.contains(&required), "{} missing", required.display());
    }
}

#[test]
fn every_yaml_file_points_at_its_schema() {
    for dir in [root().join("plan"), fixture("minimal")] {
        for path in yaml_files(&dir) {
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(
                SCHEMA_FILES.contains(&name),
                "{}: no schema for this file",
                path.display()
            );
            let text = std::fs::read_to_string(&path).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let reference = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| {
                    panic!(
                        "{}: the first line must be `# yaml-language-server: $schema=…`, not `{first}`",
                        path.display()
                    )
                });
            let stem = name.trim_end_matches(".yaml");
            // The repository's plan/ points at schemas/ of the repository; a plan written by
            // `plandoc new` (the minimal fixture) or `import` at its own copy.
            let expected = if dir == root().join("plan") {
                format!("../schemas/{stem}.schema.json")
            } else {
                format!("schemas/{stem}.schema.json")
            };
            assert_eq!(reference, expected, "{}: wrong schema", path.display());
            assert!(
                schema_path(name).is_file(),
                "{}: {} does not exist",
                path.display(),
                schema_path(name).display()
            );
            // In the repository's plan/ the relative reference resolves as an editor resolves it.
            if dir == root().join("plan") {
                assert!(
                    dir.join(reference).is_file(),
                    "{}: `{reference}` does not resolve",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn new_writes_schemas_its_yaml_files_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("elsewhere/my-plan");
    let out = common::plandoc(&["new", plan.to_str().unwrap()]);
    assert!(out.status.success());
    for path in yaml_files(&plan) {
        let text = std::fs::read_to_string(&path).unwrap();
        let reference = text
            .lines()
            .next()
            .unwrap()
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap()
            .to_string();
        // Resolved as an editor resolves it: relative to the YAML file.
        let resolved = path.parent().unwrap().join(&reference);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(
            std::fs::read_to_string(&resolved)
                .unwrap_or_else(|e| panic!("{}: {e}", resolved.display())),
            std::fs::read_to_string(schema_path(name)).unwrap(),
            "{}: the copy differs from the repository's schema",
            resolved.display()
        );
    }
    let (code, diags) = common::check_json(&plan, true);
    assert_eq!(code, 0, "{diags:?}");
}

/// Documents every schema must reject, each with the words its complaint must contain.
#[test]
fn broken_documents_are_rejected() {
    let minimal_targets =
        yaml_to_json(&std::fs::read_to_string(fixture("minimal").join("targets.yaml")).unwrap());
    let with_target = |patch: Value| {
        let mut doc = minimal_targets.clone();
        let target = &mut doc["targets"][0];
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                target.as_object_mut().unwrap().remove(k);
            } else {
                target[k] = v.clone();
            }
        }
        doc
    };
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "targets.yaml",
            with_target(json!({"target": {"year": 2025, "kind": "roughly", "value": 1}})),
            "roughly",
        ),
        (
            "targets.yaml",
            with_target(json!({"target": {"year": 2025, "kind": "range", "value": 2}})),
            "max",
        ),
        (
            "targets.yaml",
            with_target(json!({"target": {"year": 2025, "kind": "ratio"}})),
            "ratio",
        ),
        (
            "targets.yaml",
            with_target(json!({"target": {"year": 2025, "kind": "qualitative"}})),
            "text",
        ),
        (
            "targets.yaml",
            with_target(json!({"target": {"year": 2025}})),
            "value",
        ),
        (
            "targets.yaml",
            with_target(json!({"nature": "mandatory"})),
            "mandatory",
        ),
        (
            "targets.yaml",
            with_target(json!({"id": "VA_Total"})),
            "VA_Total",
        ),
        (
            "targets.yaml",
            with_target(json!({"unit": {"zh": "亿元", "fr": "x"}})),
            "fr",
        ),
        (
            "targets.yaml",
            with_target(json!({"baseline": {"year": "2020", "value": 999.21}})),
            "2020",
        ),
        (
            "targets.yaml",
            with_target(json!({"progres": []})),
            "progres",
        ),
        (
            "targets.yaml",
            with_target(json!({"indicator": null})),
            "indicator",
        ),
        (
            "plan.yaml",
            json!({"id": "p", "title": {"zh": "规划", "en": "Plan"}, "issuer": {"zh": "甲", "en": "A"},
                   "issue_date": "2021-12-17", "languages": ["zh", "fr"], "authoritative": "zh"}),
            "fr",
        ),
        (
            "plan.yaml",
            json!({"id": "p", "title": {"zh": "规划", "en": "Plan"}, "issuer": {"zh": "甲", "en": "A"},
                   "issued_on": "2021-12-17", "languages": ["zh", "en"], "authoritative": "zh"}),
            "issue",
        ),
        (
            "plan.yaml",
            json!({"id": "p", "title": {"zh": "规划", "en": "Plan", "fr": "Plan"}, "issuer": {"zh": "甲", "en": "A"},
                   "issue_date": "2021-12-17", "languages": ["zh", "en"], "authoritative": "zh"}),
            "fr",
        ),
        ("glossary.yaml", json!({"terms": [{"zh": "长株潭"}]}), "en"),
        (
            "glossary.yaml",
            json!({"terms": [{"zh": "长株潭", "en": "CZT", "variant": ["x"]}]}),
            "variant",
        ),
    ];
    for (name, doc, words) in cases {
        let errs = errors(&validator(name), &doc);
        assert!(!errs.is_empty(), "{name}: accepted {doc}");
        assert!(
            errs.iter().any(|e| e.contains(words)),
            "{name}: the complaint about {doc} does not mention `{words}`: {errs:?}"
        );
    }
}

// --- the schema and the Rust model agree --------------------------------------------------------

/// Diagnostic codes that mean "this YAML document does not fit the model": what a schema can see.
const SCHEMA_CODES: &[&str] = &[
    "yaml-syntax",
    "unknown-field",
    "missing-field",
    "invalid-value",
    "invalid-target-value",
    "invalid-id",
];

/// Documents that use every field of the model, so every field is mutated below.
fn rich_documents() -> Vec<(&'static str, Value)> {
    let minimal =
        |name: &str| yaml_to_json(&std::fs::read_to_string(fixture("minimal").join(name)).unwrap());
    let mut plan = minimal("plan.yaml");
    plan["document_number"] =
        json!({"zh": "示政办发〔2021〕1号", "en": "Shi Zheng Ban Fa [2021] No. 1"});
    plan["keywords"] = json!({"zh": ["服务业"], "en": ["services"]});
    plan["notice"] = json!({
        "addressees": {"zh": "各区人民政府：", "en": "District governments:"},
        "body": {"zh": "现予印发。", "en": "It is hereby issued."},
        "office": {"zh": "示例市人民政府办公室", "en": "General Office"},
        "date": {"zh": "2021年12月17日", "en": "17 December 2021"},
        "disclosure": {"zh": "此件主动公开", "en": "This document is released to the public."}
    });
    let mut targets = minimal("targets.yaml");
    let list = targets["targets"].as_array_mut().unwrap();
    list[0]["ambition"] = json!({"year": 2025, "kind": "at-least", "value": 1600});
    list[0]["progress"] = json!([{"year": 2022, "value": 1100, "source": "统计年鉴"}]);
    for (id, value) in [
        (
            "x-range",
            json!({"year": 2025, "kind": "range", "value": 2, "max": 3}),
        ),
        (
            "x-ratio",
            json!({"year": 2025, "kind": "ratio", "ratio": [40, 60]}),
        ),
        (
            "x-rank",
            json!({"year": 2025, "kind": "rank", "value": 3, "text": {"zh": "全省", "en": "the province"}}),
        ),
        (
            "x-growth",
            json!({"year": 2025, "kind": "growth", "value": 7.5}),
        ),
        (
            "x-words",
            json!({"year": 2025, "kind": "qualitative", "text": {"zh": "显著提升", "en": "markedly improved"}}),
        ),
        (
            "x-most",
            json!({"year": 2025, "kind": "at-most", "value": 5}),
        ),
    ] {
        list.push(json!({
            "id": id,
            "indicator": {"zh": "指标", "en": "indicator"},
            "area": "measures",
            "unit": {"zh": "%", "en": "%"},
            "nature": "binding",
            "target": value
        }));
    }
    let mut glossary = minimal("glossary.yaml");
    glossary["terms"][1]["note"] = json!("GDP accounting term");
    vec![
        ("plan.yaml", plan),
        ("targets.yaml", targets),
        ("glossary.yaml", glossary),
    ]
}

/// A mutated document and whether the schema and the model must agree on it.
struct Mutation {
    what: String,
    doc: Value,
    /// A text replaced by a number, a boolean or null. serde_yaml reads such a plain scalar
    /// as the text `12` / `null`, so plandoc accepts it; the schema asks for a string, because
    /// a title reading `null` is a mistake. The one place the schema is stricter than the model.
    scalar_for_text: bool,
}

/// Every document one edit away from `doc`: each field removed, each mapping given an unknown
/// field, each value replaced by null and by a value of another type.
fn mutations(doc: &Value) -> Vec<Mutation> {
    let mut out = Vec::new();
    let mut push = |what: String, doc: Value, scalar_for_text: bool| {
        out.push(Mutation {
            what,
            doc,
            scalar_for_text,
        })
    };
    let mut paths = Vec::new();
    collect_paths(doc, &mut Vec::new(), &mut paths);
    for path in paths {
        let current = get(doc, &path).clone();
        let at = path.join("/");
        if let Some(obj) = current.as_object() {
            let mut extra = obj.clone();
            extra.insert("unexpected".into(), json!("x"));
            push(
                format!("{at}: unknown field"),
                set(doc, &path, Value::Object(extra)),
                false,
            );
            for key in obj.keys() {
                let mut fewer = obj.clone();
                fewer.remove(key);
                push(
                    format!("{at}: without {key}"),
                    set(doc, &path, Value::Object(fewer)),
                    false,
                );
            }
        }
        if path.is_empty() {
            continue;
        }
        let others: Vec<Value> = match &current {
            Value::String(_) => vec![
                json!(null),
                json!(12),
                json!(true),
                json!("zz-bogus"),
                json!(["a"]),
                json!({"a": 1}),
            ],
            Value::Number(_) => vec![
                json!(null),
                json!("12"),
                json!(1.5),
                json!(true),
                json!([1]),
            ],
            Value::Array(_) => vec![json!(null), json!("a"), json!([]), json!({"a": 1})],
            Value::Object(_) => vec![json!(null), json!("a"), json!(["a"])],
            Value::Bool(_) | Value::Null => vec![json!("a")],
        };
        for other in others {
            let scalar_for_text =
                current.is_string() && (other.is_null() || other.is_number() || other.is_boolean());
            push(
                format!("{at}: {other}"),
                set(doc, &path, other),
                scalar_for_text,
            );
        }
    }
    out
}

fn collect_paths(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match v {
        Value::Object(obj) => {
            for (k, child) in obj {
                at.push(k.clone());
                collect_paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(i.to_string());
                collect_paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn get<'a>(v: &'a Value, path: &[String]) -> &'a Value {
    path.iter().fold(v, |v, k| match v {
        Value::Array(a) => &a[k.parse::<usize>().unwrap()],
        _ => &v[k.as_str()],
    })
}

fn set(doc: &Value, path: &[String], new: Value) -> Value {
    let mut doc = doc.clone();
    let mut v = &mut doc;
    for k in path {
        v = match v {
            Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
            _ => &mut v[k.as_str()],
        };
    }
    *v = new;
    doc
}

/// What `plandoc check` says about `name` holding `doc`, limited to what a schema can see.
fn model_verdict(plan: &Path, name: &str, doc: &Value) -> Vec<String> {
    let yaml = serde_yaml::to_string(doc).unwrap();
    std::fs::write(plan.join(name), yaml).unwrap();
    let (loaded, diags) = plandoc::driver::check_plan(plan).unwrap();
    diags
        .items
        .iter()
        .filter(|d| SCHEMA_CODES.contains(&d.code.as_str()))
        .filter(|d| {
            d.primary.as_ref().is_some_and(|l| {
                loaded.sources.file(l.span.file).path.file_name() == Some(name.as_ref())
            })
        })
        // A range whose `value` exceeds its `max` compares two values: beyond a schema.
        .filter(|d| !d.message.contains("exceeds its `max`"))
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

#[test]
fn schemas_accept_exactly_what_the_model_accepts() {
    let mut cases = Vec::new();
    for (name, rich) in rich_documents() {
        cases.push((
            name,
            Mutation {
                what: "as is".into(),
                doc: rich.clone(),
                scalar_for_text: false,
            },
        ));
        cases.extend(mutations(&rich).into_iter().map(|m| (name, m)));
    }
    let validators: Vec<(&str, jsonschema::Validator)> =
        SCHEMA_FILES.iter().map(|n| (*n, validator(n))).collect();
    // Each thread checks its share of the documents in its own copy of the minimal plan.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let disagreements: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (cases, validators) = (&cases, &validators);
                s.spawn(move || {
                    let (_tmp, plan) = temp_plan("minimal");
                    let mut found = Vec::new();
                    for (name, m) in cases.iter().skip(t).step_by(threads) {
                        let v = &validators.iter().find(|(n, _)| n == name).unwrap().1;
                        let original = std::fs::read_to_string(plan.join(name)).unwrap();
                        let schema_errors = errors(v, &m.doc);
                        let model_errors = model_verdict(&plan, name, &m.doc);
                        std::fs::write(plan.join(name), original).unwrap();
                        let agree = if m.scalar_for_text {
                            // The schema may reject what plandoc reads as text, never the
                            // other way round.
                            !schema_errors.is_empty() || model_errors.is_empty()
                        } else {
                            schema_errors.is_empty() == model_errors.is_empty()
                        };
                        if !agree {
                            found.push(format!(
                                "{name} {}: schema {schema_errors:?}, plandoc check {model_errors:?}",
                                m.what
                            ));
                        }
                    }
                    found
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(cases.len() > 500, "only {} documents tried", cases.len());
    assert!(
        disagreements.is_empty(),
        "{} of {} documents judged differently:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
}
