//! Tera's errors as diagnostics pointing into the theme's files, each at
//! its template, line and column.

use std::path::Path;

use tera::{Error, ErrorKind};

use crate::diag::Diagnostic;

/// A Tera error as a diagnostic pointing into the theme's files.
pub fn template_error(e: &Error, templates_dir: &Path, template: &str) -> Diagnostic {
    let mut message = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let file = if r.filename().is_empty() {
                template
            } else {
                r.filename()
            };
            let span = r.span();
            return with_sources(
                Diagnostic::error(
                    templates_dir.join(file),
                    format!("template error: {}", r.message()),
                )
                .at(span.start_line.max(1), span.start_col + 1),
                e,
            );
        }
        other => format!("template error: {other}"),
    };
    message = message.lines().next().unwrap_or_default().to_string();
    with_sources(Diagnostic::error(templates_dir.join(template), message), e)
}

/// Errors found when the templates are put together (unknown functions,
/// filters, includes, blocks) come as one message of several reports; each
/// becomes a diagnostic with its own position.
pub(super) fn assembly(e: &Error, templates_dir: &Path) -> Vec<Diagnostic> {
    if matches!(
        e.kind(),
        ErrorKind::SyntaxError(_) | ErrorKind::RenderingError(_)
    ) {
        return vec![template_error(e, templates_dir, "")];
    }
    let text = e.to_string();
    let mut out = Vec::new();
    for report in text.split("\n\n") {
        let mut lines = report.lines();
        let message = lines.next().unwrap_or_default();
        let Some(message) = message.strip_prefix("error: ") else {
            continue;
        };
        let locus = lines
            .next()
            .and_then(|l| l.trim().strip_prefix("--> "))
            .and_then(|l| {
                let mut parts = l.rsplitn(3, ':');
                let col = parts.next()?.parse::<usize>().ok()?;
                let line = parts.next()?.parse::<usize>().ok()?;
                Some((parts.next()?.to_string(), line, col))
            });
        out.push(match locus {
            Some((file, line, col)) => Diagnostic::error(
                templates_dir.join(file),
                format!("template error: {message}"),
            )
            .at(line, col),
            None => Diagnostic::error(templates_dir, format!("template error: {message}")),
        });
    }
    if out.is_empty() {
        out.push(Diagnostic::error(
            templates_dir,
            format!(
                "template error: {}",
                text.lines().next().unwrap_or_default()
            ),
        ));
    }
    out
}

fn with_sources(mut d: Diagnostic, e: &Error) -> Diagnostic {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        d.message.push_str(&format!(": {s}"));
        source = s.source();
    }
    d
}
