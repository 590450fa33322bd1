//! Relations end to end: importing an essay in the Argument Annotated Essays brat scheme,
//! linking and unlinking from the command line with the tag set's schema enforced, deleting an
//! annotation with its relations, and W3C and brat exports read back with their relations.

mod common;

use closeread::model::{Layer, RelationKind};
use closeread::session::ReadingSession;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn with_essay() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let essays = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/essays");
        for name in ["cars.txt", "cars.ann"] {
            std::fs::copy(essays.join(name), dir.path().join(name)).expect("copy");
        }
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        common::closeread(self.dir.path(), args)
    }

    fn ok(&self, args: &[&str]) -> String {
        common::closeread_ok(self.dir.path(), args)
    }

    fn layer(&self, analyst: &str) -> Layer {
        ReadingSession::open(&self.path("cars.txt"), None, analyst)
            .expect("opens")
            .layer()
            .clone()
    }

    fn import_essay(&self, analyst: &str) -> String {
        self.ok(&[
            "import",
            "cars.txt",
            "--analyst",
            analyst,
            "--from",
            "brat",
            "cars.ann",
            "--tag-map",
            "MajorClaim=claim,Claim=claim,Premise=evidence",
            "--relation-map",
            "attacks=undermines",
        ])
    }
}

/// Each relation as (source quote, kind, target quote): comparable across layers.
fn described(layer: &Layer) -> BTreeSet<(String, String, String)> {
    layer
        .relations()
        .iter()
        .map(|relation| {
            let quote = |id| {
                layer
                    .get(id)
                    .map(|annotation| annotation.quote.exact.clone())
                    .unwrap_or_default()
            };
            (
                quote(relation.source),
                relation.kind.to_string(),
                quote(relation.target),
            )
        })
        .collect()
}

#[test]
fn an_argument_annotated_essay_imports_with_its_relations_and_stances() {
    let workspace = Workspace::with_essay();
    let report = workspace.import_essay("reader");
    assert!(report.contains("imported 11 annotation(s)"), "{report}");
    assert!(report.contains("11 relation(s)"), "{report}");
    assert!(
        report.contains("relations not imported (1):\n  T5 supports T4"),
        "{report}"
    );
    assert!(
        report.contains("of 21 line(s)"),
        "every line accounted for: {report}"
    );
    let layer = workspace.layer("reader");
    let relations = described(&layer);
    let has = |source: &str, kind: &str, target: &str| {
        relations
            .iter()
            .any(|(s, k, t)| s.starts_with(source) && k == kind && t.starts_with(target))
    };
    // Premises: supports and attacks (mapped to undermines).
    assert!(has("In Pontevedra", "supports", "car-free centres"));
    assert!(has("some shopkeepers", "undermines", "local shops"));
    // Stances: a claim For the major claims supports them; Against undermines them.
    assert!(has(
        "car-free centres",
        "supports",
        "city centres should be closed"
    ));
    assert!(has("car-free centres", "supports", "closing centres"));
    assert!(has(
        "a ban can be unfair",
        "undermines",
        "city centres should be closed"
    ));
    let stance_noted = layer
        .annotations()
        .iter()
        .any(|annotation| annotation.note.contains("Stance: Against"));
    assert!(stance_noted, "attributes are kept in the note");

    // Without the relation map the attacks are reported, not guessed.
    let plain = workspace.ok(&[
        "import",
        "cars.txt",
        "--analyst",
        "unmapped",
        "--from",
        "brat",
        "cars.ann",
        "--tag-map",
        "MajorClaim=claim,Claim=claim,Premise=evidence",
    ]);
    assert!(plain.contains("no relation \"attacks\""), "{plain}");
}

#[test]
fn the_schema_is_enforced_and_deleting_an_annotation_takes_its_relations() {
    let workspace = Workspace::with_essay();
    workspace.import_essay("reader");
    let layer = workspace.layer("reader");
    let find = |start: &str| {
        layer
            .annotations()
            .iter()
            .find(|annotation| annotation.quote.exact.starts_with(start))
            .map(|annotation| annotation.id.to_string())
            .expect("annotation")
    };
    let premise = find("elderly residents");
    let other_premise = find("People who walk");
    let claim = find("local shops");
    let refused = workspace.run(&[
        "relate",
        "cars.txt",
        "--analyst",
        "reader",
        "--source",
        &premise,
        "--kind",
        "supports",
        "--target",
        &other_premise,
    ]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("“supports” cannot link Evidence to Evidence"),
        "{message}"
    );
    assert!(
        message.contains("only from Evidence or Claim to Claim"),
        "{message}"
    );

    workspace.ok(&[
        "relate",
        "cars.txt",
        "--analyst",
        "reader",
        "--source",
        &premise,
        "--kind",
        "undermines",
        "--target",
        &claim,
    ]);
    let before = workspace.layer("reader");
    assert_eq!(before.relations().len(), 12);
    workspace.ok(&[
        "relate",
        "cars.txt",
        "--analyst",
        "reader",
        "--source",
        &premise,
        "--kind",
        "undermines",
        "--target",
        &claim,
        "--delete",
    ]);
    assert_eq!(workspace.layer("reader").relations().len(), 11);

    // The claim has four relations (two premises, two stances): deleting it takes them all.
    let claim_id = claim.parse().expect("uuid");
    let current = workspace.layer("reader");
    let attached = current.relations_of(claim_id).count();
    assert_eq!(attached, 4);
    workspace.ok(&["delete", "cars.txt", "--analyst", "reader", "--id", &claim]);
    let after = workspace.layer("reader");
    assert!(after.get(claim_id).is_none());
    assert_eq!(
        after.relations().len(),
        current.relations().len() - attached
    );
    assert!(after.relations_of(claim_id).next().is_none());
}

#[test]
fn w3c_and_brat_exports_read_back_with_the_same_relations() {
    let workspace = Workspace::with_essay();
    workspace.import_essay("reader");
    let original = described(&workspace.layer("reader"));
    assert!(!original.is_empty());

    workspace.ok(&[
        "export",
        "cars.txt",
        "--analyst",
        "reader",
        "--format",
        "w3c",
        "-o",
        "cars.jsonld",
    ]);
    workspace.ok(&[
        "import",
        "cars.txt",
        "--analyst",
        "from-w3c",
        "--from",
        "w3c",
        "cars.jsonld",
    ]);
    assert_eq!(described(&workspace.layer("from-w3c")), original);

    workspace.ok(&[
        "export",
        "cars.txt",
        "--analyst",
        "reader",
        "--format",
        "brat",
        "-o",
        "brat-out",
    ]);
    let ann = std::fs::read_to_string(workspace.path("brat-out/cars.ann")).expect("ann");
    let relation_lines: Vec<&str> = ann.lines().filter(|line| line.starts_with('R')).collect();
    assert_eq!(relation_lines.len(), original.len(), "{ann}");
    assert!(
        relation_lines
            .iter()
            .any(|line| line.contains("\tsupports Arg1:T") && line.contains(" Arg2:T")),
        "{ann}"
    );
    workspace.ok(&[
        "import",
        "cars.txt",
        "--analyst",
        "from-brat",
        "--from",
        "brat",
        "brat-out/cars.ann",
    ]);
    assert_eq!(described(&workspace.layer("from-brat")), original);

    // The CSV names the targets of each relation kind.
    let csv = workspace.ok(&[
        "export",
        "cars.txt",
        "--analyst",
        "reader",
        "--format",
        "csv",
    ]);
    let header = csv.lines().next().expect("header");
    assert!(
        header.ends_with("supports,undermines,follows_from"),
        "{header}"
    );
    let kinds: Vec<RelationKind> = workspace
        .layer("reader")
        .tag_set
        .relations
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(kinds.len(), 3);
}

#[test]
fn the_bundled_reading_has_its_argument_and_its_map_has_no_overlapping_nodes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let session = ReadingSession::open(
        &root.join("assets/articles/khamenei-breaking-point.txt"),
        Some(&root.join("annotations")),
        "analyst-a",
    )
    .expect("opens");
    let layer = session.layer();
    assert!(
        layer.relations().len() >= 10,
        "analyst-a's reading has relations"
    );
    for relation in layer.relations() {
        layer
            .check_relation(relation)
            .expect("every relation fits the schema");
    }
    let map = closeread::argument_map::layout_map(layer);
    assert_eq!(map.edges.len(), layer.relations().len());
    for (index, node) in map.nodes.iter().enumerate() {
        for other in &map.nodes[index + 1..] {
            assert!(
                !node.overlaps(other),
                "{} overlaps {}",
                node.text,
                other.text
            );
        }
    }
    let workspace = Workspace::with_essay();
    let svg = workspace.path("map.svg");
    let output = Command::new(env!("CARGO_BIN_EXE_closeread"))
        .arg("map")
        .arg(root.join("assets/articles/khamenei-breaking-point.txt"))
        .arg("--annotations")
        .arg(root.join("annotations"))
        .args(["--analyst", "analyst-a", "-o"])
        .arg(&svg)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&svg).expect("svg written");
    assert_eq!(text.matches("marker-end=").count(), map.edges.len());
}
