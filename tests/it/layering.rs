//! The crate's modules form layers: no module reaches, through others,
//! back to itself, and the leaf helpers depend on nothing of the crate
//! but diagnostics and one another. A cycle is how a helper ends up needing the whole
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
        // In `src/a.rs` and `src/a/mod.rs`, `super` is the crate.
        let top = rel.components().count() == 1
            || rel.ends_with("mod.rs") && rel.components().count() == 2;
        for name in named(&text, top) {
            if name != module {
                uses.insert(name);
            }
        }
    }
    // Names that are not modules (a function of the crate root, an item
    // of the module's own through `super` in its tests) are no edges.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for uses in graph.values_mut() {
        uses.retain(|u| modules.contains(u));
    }
    graph
}

/// The crate's top-level modules `text` names: `crate::a::…`, and each of
/// `crate::{a, b::c, …}`; in a top-level module's own file, `super::a` too.
fn named(text: &str, top: bool) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = Vec::new();
    let mut starts: Vec<usize> = text
        .match_indices("crate::")
        .map(|(at, _)| at + 7)
        .collect();
    if top {
        starts.extend(text.match_indices("super::").map(|(at, _)| at + 7));
    }
    for at in starts {
        // `$crate::` is a macro's own crate, the same thing.
        let rest = text[at..].trim_start();
        let Some(group) = rest.strip_prefix('{') else {
            names.push(ident(rest));
            continue;
        };
        // The names at the group's first level.
        let mut depth = 0;
        let mut start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => start = true,
                c if start && (c.is_ascii_alphabetic() || c == '_') => {
                    names.push(ident(&group[i..]));
                    start = false;
                }
                c if !c.is_whitespace() => start = false,
                _ => {}
            }
        }
    }
    names.retain(|n| !n.is_empty() && n != "self");
    names
}

#[test]
fn grouped_and_plain_paths_are_both_seen() {
    let text = "use crate::{diag::Diagnostic, plan::{Kind, Site}, self};\nlet x = crate::render::go();\nuse crate::{\n    table,\n    yaml::Value,\n};";
    let mut names = named(text, false);
    names.sort();
    assert_eq!(names, ["diag", "plan", "render", "table", "yaml"]);
    assert_eq!(named("use super::{paths, slug};", true), ["paths", "slug"]);
    assert!(named("use super::{paths, slug};", false).is_empty());
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
    // Leaves use diagnostics, the rule for paths and one another (one rule
    // in one place: a language's primary tag is `lang::primary` for slugs
    // too), and nothing above them; the cycle test keeps them a tree.
    let leaves = [
        "date", "slug", "escape", "urls", "offer", "platform", "diag", "table", "yaml", "inputs",
        "mark", "lang",
    ];
    for leaf in leaves {
        let uses = graph
            .get(leaf)
            .unwrap_or_else(|| panic!("no module {leaf}"));
        let beyond: Vec<_> = uses
            .iter()
            .filter(|m| *m != "paths" && !leaves.contains(&m.as_str()))
            .collect();
        assert!(beyond.is_empty(), "{leaf} uses {beyond:?}");
    }
    // The rule for paths is below them all: it uses nothing of the crate.
    let paths = graph.get("paths").expect("a module paths");
    assert!(paths.is_empty(), "paths uses {paths:?}");
}
