//! `affiliates.yaml`: a list of records, read one record at a time.
//!
//! Each record is parsed on its own, so every bad record is reported with
//! its own line and named by its number and name ("record 3 (Jane Doe)").
//! After an edit, only the records whose text changed are parsed again:
//! the others come from the cache, moved to their new lines.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::{Affiliate, Cached, Origin, RawAffiliate, RecordCache, finish};
use crate::diag::Diagnostics;
use crate::inputs::read_text;
use crate::yaml::{self, Doc, Top};

pub(super) fn load(
    root: &Path,
    file: &Path,
    site_locale: &str,
    cache: &RecordCache,
    out: &mut Vec<Affiliate>,
    diags: &mut Diagnostics,
) -> RecordCache {
    let src = match read_text(root, file) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return RecordCache::default();
        }
    };
    let shared: Arc<Path> = file.into();
    let Some(starts) = yaml::block_sequence_items(&src) else {
        // Not a plain block list (a flow list, or not a list at all):
        // parsed whole, without the cache.
        match Doc::parse(&src, file, 1, Top::Sequence) {
            Ok(doc) => {
                for (n, item) in doc.items().iter().enumerate() {
                    record(item, n + 1, &shared, site_locale, out, diags);
                }
            }
            Err(d) => diags.push(d.hint(format!(
                "{} is a list of records, each starting with \"- \"",
                file.display()
            ))),
        }
        return RecordCache::default();
    };
    if starts.is_empty() {
        // Only comments and blank lines: no affiliates yet.
        return RecordCache::default();
    }
    // Where each line starts, to cut out a record's text by its lines.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let record_text = |(start, end): (usize, usize)| -> &str {
        let from = line_starts.get(start - 1).copied().unwrap_or(src.len());
        let to = line_starts.get(end - 1).copied().unwrap_or(src.len());
        &src[from..to]
    };
    let mut next: HashMap<String, Arc<Cached>> = HashMap::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(line_starts.len() + 1);
        let text = record_text((start, end));
        if let Some(cached) = cache.0.get(text) {
            out.extend(
                cached
                    .affiliates
                    .iter()
                    .map(|a| a.moved(start as isize - cached.start as isize)),
            );
            next.insert(text.to_string(), Arc::clone(cached));
            continue;
        }
        let doc = match Doc::parse(text, file, start, Top::Sequence) {
            Ok(doc) => doc,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let before = out.len();
        let errors = diags.error_count();
        for item in doc.items() {
            record(&item, n + 1, &shared, site_locale, out, diags);
        }
        if diags.error_count() == errors {
            next.insert(
                text.to_string(),
                Arc::new(Cached {
                    start,
                    affiliates: out[before..].to_vec(),
                }),
            );
        }
    }
    RecordCache(Arc::new(next))
}

/// Reads record number `number` and finishes it.
fn record(
    item: &Doc,
    number: usize,
    file: &Arc<Path>,
    site_locale: &str,
    out: &mut Vec<Affiliate>,
    diags: &mut Diagnostics,
) {
    let label = match item.text("name") {
        Some(name) if !name.trim().is_empty() => {
            format!(
                "record {number} ({})",
                crate::diag::quoted(name.trim()).trim_matches('"')
            )
        }
        _ => format!("record {number}"),
    };
    let raw: RawAffiliate = match item.read(Some(&label)) {
        Ok(raw) => raw,
        Err(ds) => {
            diags.extend(ds);
            return;
        }
    };
    let start = item.start().unwrap_or((1, 1));
    let at = |key: &str| {
        let (line, col) = item.value_pos(key).unwrap_or(start);
        Origin {
            file: Arc::clone(file),
            line,
            col: Some(col),
        }
    };
    finish(raw, Vec::new(), &at, site_locale, out, diags);
}
