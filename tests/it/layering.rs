//! The crate's modules form layers: no module reaches, through others,
//! back to itself, and the leaf helpers depend on nothing of the crate
//! but diagnostics. A cycle is how a helper ends up needing the whole
//! program (content needing the config that needs content); this test is
//! what keeps the next one out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::REPO;

/// Top-level modules and the crate modules their source names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(REPO).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let uses = graph.entry(module.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                uses.insert(name);
            }
        }
    }
    graph
}

#[test]
fn modules_have_no_cycles() {
    let graph = graph();
    assert!(
        graph.len() > 10,
        "the crate's modules were found: {graph:?}"
    );
    // Depth-first, with the path so far: a module met again on it closes
    // a cycle.
    fn visit<'a>(
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        module: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|m| *m == module) {
            panic!(
                "modules in a cycle: {} -> {module}",
                path[at..].join(" -> ")
            );
        }
        if !done.insert(module) {
            return;
        }
        path.push(module);
        for next in graph.get(module).into_iter().flatten() {
            if graph.contains_key(next) {
                visit(graph, next, path, done);
            }
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(&graph, module, &mut Vec::new(), &mut done);
    }
}

#[test]
fn leaf_helpers_stand_alone() {
    let graph = graph();
    for leaf in [
        "date", "slug", "escape", "urls", "offer", "platform", "diag", "table", "yaml", "inputs",
        "mark",
    ] {
        let uses = graph
            .get(leaf)
            .unwrap_or_else(|| panic!("no module {leaf}"));
        let beyond: Vec<_> = uses
            .iter()
            .filter(|m| *m != "diag" && *m != "paths")
            .collect();
        assert!(beyond.is_empty(), "{leaf} uses {beyond:?}");
    }
    // The rule for paths is below them all: it uses nothing of the crate.
    let paths = graph.get("paths").expect("a module paths");
    assert!(paths.is_empty(), "paths uses {paths:?}");
}
