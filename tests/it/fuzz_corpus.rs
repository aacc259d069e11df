//! The fuzz targets' corpora and findings, replayed on every test run.
//!
//! `fuzz/corpus/<target>/` holds the seeds and what the fuzzers kept
//! (minimised); `fuzz/regressions/<target>/` holds each input a fuzzer
//! found wrong, kept once fixed. Every one goes through its target here, so
//! a finding stays fixed without a fuzzer and a target that stopped
//! building against the code shows up in `cargo test`.

use std::path::Path;

use tailor::fuzzing::TARGETS;

fn inputs(folder: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(kind: &str) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, target) in TARGETS {
        for file in inputs(&fuzz.join(kind).join(name)) {
            let bytes = std::fs::read(&file).expect("a corpus file");
            count += 1;
            if std::panic::catch_unwind(|| target(&bytes)).is_err() {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "targets fail on {failures:#?}");
    count
}

#[test]
fn every_corpus_input_passes_its_target() {
    let count = replay("corpus");
    assert!(
        count >= TARGETS.len(),
        "only {count} corpus inputs: is fuzz/corpus there?"
    );
}

#[test]
fn every_finding_stays_fixed() {
    replay("regressions");
}

#[test]
fn every_target_is_a_fuzz_target() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).unwrap();
    for (name, _) in TARGETS {
        let source = std::fs::read_to_string(fuzz.join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|_| panic!("no fuzz/fuzz_targets/{name}.rs"));
        assert!(
            source.contains(&format!("tailor::fuzzing::{name}(")),
            "{name}"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} in fuzz/Cargo.toml"
        );
        assert!(
            !inputs(&fuzz.join("corpus").join(name)).is_empty(),
            "no seed corpus for {name}"
        );
    }
    // And every fuzz target is one of those, or a crate's own (whose
    // tests replay its corpus).
    for entry in std::fs::read_dir(fuzz.join("fuzz_targets")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        let own = source.contains(&format!("tailor_{name}::fuzzing::"));
        assert!(
            own || TARGETS.iter().any(|(n, _)| *n == name),
            "fuzz/fuzz_targets/{name}.rs is in neither tailor::fuzzing::TARGETS nor a crate of its own"
        );
    }
}
