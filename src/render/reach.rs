//! Every internal link of every page, checked against what the site
//! publishes.
//!
//! The link pass (`track::rewrite`) hands over each page's links to the
//! site itself — relative, root-relative, on the site's own host, or a bare
//! fragment — and the `id` of each of its elements. A link must reach a
//! file the site publishes (a page, an asset, a card, an inactive
//! affiliate's redirect), and its fragment must name an element of the page
//! it reaches. It must not reach another affiliate's page: a click there
//! stores that affiliate's code, and every later signup of the visitor is
//! theirs. And on a site under a path of a product host, it must not leave
//! the site's path: every other path of that host is the product's, and a
//! relative link there carries no code. Each problem is handed to
//! `locate` with the first page of each kind that has it, which says where
//! the link was written (only when something is wrong, so a clean build
//! pays nothing for it).
//!
//! Most links are settled as their page is produced: a path the site
//! serves, with no fragment, or a fragment of the page itself. Only broken
//! links and fragments of other pages are kept, by the target they reach,
//! so the thousand affiliate pages that share one cost one entry; ids are
//! kept as one hash each, for the fragments checked at the end.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ahash::{AHashMap as HashMap, AHashSet as HashSet};
use percent_encoding::percent_decode_str;

use crate::diag::{Diagnostic, Severity, quoted, suggest};
use crate::plan::{ArtifactId, Kind, Output, Site};

/// Where a link goes: a URL path under the site's host, and the fragment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    path: String,
    fragment: Option<String>,
}

/// The first page (in artifact order) with a link to a target, and the
/// link as that page has it; the first page of each group (see
/// `Renderer::group`), for `locate` to render again.
#[derive(Debug)]
struct Seen {
    page: ArtifactId,
    href: String,
    firsts: std::collections::BTreeMap<u64, ArtifactId>,
    /// Each way the link is written (as pages have it): its first page
    /// and how many pages have it.
    hrefs: std::collections::BTreeMap<String, (ArtifactId, usize)>,
}

/// A link problem on the site's pages, for `locate`.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// What it is, the same for every place it is written.
    pub kind: &'static str,
    /// What is wrong, after "the link "…" (on …)".
    what: String,
    pub hint: String,
    /// The links that have it: those of a page that resolve here.
    pub target: Target,
    /// The first page of each group that has it.
    pub pages: Vec<ArtifactId>,
    /// The link as the first page has it, and the template of that page,
    /// where no better place is found.
    pub href: String,
    pub template: &'static str,
    /// "on customers/x/index.html and 3 other pages", for each way the
    /// link is written.
    on: std::collections::BTreeMap<String, String>,
}

impl Problem {
    /// The message for the link written as `href`.
    pub fn message(&self, href: &str) -> String {
        let on = self
            .on
            .get(href)
            .or_else(|| self.on.get(&self.href))
            .map(String::as_str)
            .unwrap_or_default();
        format!("the link {} (on {on}) {}", quoted(href), self.what)
    }
}

/// Where a link goes, as far as this check is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reached {
    /// A fragment of the page itself (the target's path is empty).
    Here(Target),
    /// A path of the site.
    Path(Target),
    /// A path of the site's host outside the site, the host being a
    /// product host.
    Outside(Target),
}

impl Reached {
    pub fn target(&self) -> &Target {
        match self {
            Reached::Here(t) | Reached::Path(t) | Reached::Outside(t) => t,
        }
    }
}

/// A path of the site: the artifact served there, or a redirect.
#[derive(Debug, Clone, Copy)]
enum Served {
    Artifact(ArtifactId),
    Redirect,
}

/// The links and ids of the pages produced in one run.
pub struct Reach<'a> {
    site: &'a Site,
    /// URL path under the base path (`customers/ledgerly/`, empty for the
    /// home page) → what is served there.
    paths: HashMap<&'a str, Served>,
    /// Links to no path of the site, and links to a fragment of another
    /// page (checked once every page's ids are known).
    links: Mutex<HashMap<Target, Seen>>,
    /// Fragments missing from the very page that links to them, by
    /// fragment (the target's path is left empty).
    here: Mutex<HashMap<Target, Seen>>,
    /// Hashes of (artifact, id of an element of its page).
    ids: Mutex<HashSet<u64>>,
    /// Links to an affiliate's page from any page but theirs, by target.
    handover: Mutex<HashMap<Target, Seen>>,
    /// Links that leave the site's path for the rest of its host, where
    /// that host is a product host.
    outside: Mutex<HashMap<Target, Seen>>,
    /// Pages produced in this run: only their ids are known.
    produced: HashSet<ArtifactId>,
}

/// Counts page `n`'s links to each target, keeping the first page's, and
/// the first of its group.
fn note(seen: &mut HashMap<Target, Seen>, targets: Vec<(Target, &str)>, n: ArtifactId, group: u64) {
    for (target, href) in targets {
        let s = seen.entry(target).or_insert_with(|| Seen {
            page: n,
            href: href.to_string(),
            firsts: Default::default(),
            hrefs: Default::default(),
        });
        if n < s.page {
            s.page = n;
            s.href = href.to_string();
        }
        let (first, pages) = s.hrefs.entry(href.to_string()).or_insert((n, 0));
        *first = (*first).min(n);
        *pages += 1;
        let first = s.firsts.entry(group).or_insert(n);
        *first = (*first).min(n);
    }
}

/// A fixed hasher: ids are compared by hash within one run.
fn id_hash(page: ArtifactId, id: &str) -> u64 {
    ahash::RandomState::with_seeds(0x7a11, 0x0f, 0x5eed, 0x1d).hash_one((page, id))
}

impl<'a> Reach<'a> {
    pub fn new(site: &'a Site, produced: &[ArtifactId]) -> Reach<'a> {
        let mut paths: HashMap<&'a str, Served> = site
            .artifacts
            .iter()
            .enumerate()
            .map(|(n, a)| (a.out.rel_url.as_str(), Served::Artifact(ArtifactId(n))))
            .collect();
        for r in &site.redirects {
            if let Some(rel) = r.from.strip_prefix(site.base_path.as_str()) {
                paths.insert(rel, Served::Redirect);
            }
        }
        Reach {
            site,
            paths,
            links: Mutex::new(HashMap::new()),
            here: Mutex::new(HashMap::new()),
            ids: Mutex::new(HashSet::new()),
            handover: Mutex::new(HashMap::new()),
            outside: Mutex::new(HashMap::new()),
            produced: produced.iter().copied().collect(),
        }
    }

    /// What is served at `path` (a URL path under the base path, as
    /// `resolve` gives it): `x/` is also `x/index.html`, and `x` (static
    /// hosts send it on to `x/`).
    fn served(&self, path: &str) -> Option<Served> {
        let rel = path
            .strip_prefix(self.site.base_path.as_str())
            .unwrap_or_default();
        let rel = rel.strip_suffix("index.html").unwrap_or(rel);
        if let Some(&s) = self.paths.get(rel) {
            return Some(s);
        }
        if rel.is_empty() || rel.ends_with('/') {
            return None;
        }
        self.paths.get(format!("{rel}/").as_str()).copied()
    }

    /// Notes page `n`'s internal links and ids; `base` is the page's
    /// `<base href>`, if it has one on the site. A link to a path of the
    /// site with no fragment is settled here, as is a fragment of the page
    /// itself (`#main`), whose ids are at hand: only what is broken, and
    /// fragments of other pages, are kept. `group` says which pages show
    /// the same content (see `Renderer::group`).
    pub fn page(
        &self,
        n: ArtifactId,
        group: u64,
        links: &[String],
        ids: &[String],
        base: Option<&str>,
    ) {
        let out = &self.site.artifacts[n].out;
        let own = format!("{}{}", self.site.base_path, out.rel_url);
        let (mut here, mut kept, mut handover, mut outside) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for href in links {
            let Some(reached) = self.reach_from(out, &own, href, base) else {
                continue;
            };
            match reached {
                Reached::Here(target) => {
                    if let Some(f) = &target.fragment
                        && !has_id(ids, f)
                    {
                        here.push((target, href.as_str()));
                    }
                }
                Reached::Outside(target) => outside.push((target, href.as_str())),
                Reached::Path(target) => match self.served(&target.path) {
                    None => kept.push((target, href.as_str())),
                    Some(Served::Artifact(t)) => {
                        if let Kind::Affiliate(_) = self.site.artifacts[t].kind
                            && t != n
                        {
                            handover.push((target.clone(), href.as_str()));
                        }
                        if target.fragment.is_some()
                            && self.site.artifacts[t].kind.is_page()
                            && self.produced.contains(&t)
                        {
                            kept.push((target, href.as_str()));
                        }
                    }
                    Some(Served::Redirect) => {}
                },
            }
        }
        // Each target once per way it is written on the page.
        for list in [&mut here, &mut kept, &mut handover, &mut outside] {
            list.sort();
            list.dedup();
        }
        for (list, map) in [
            (here, &self.here),
            (kept, &self.links),
            (handover, &self.handover),
            (outside, &self.outside),
        ] {
            if !list.is_empty()
                && let Ok(mut seen) = map.lock()
            {
                note(&mut seen, list, n, group);
            }
        }
        if !ids.is_empty()
            && let Ok(mut all) = self.ids.lock()
        {
            all.extend(ids.iter().map(|id| id_hash(n, id)));
        }
    }

    /// Where `href`, a link of page `n`, goes: a fragment of the page
    /// itself, a path of the site (with its fragment), or — on a site under
    /// a path of a product host — a path of that host outside the site.
    /// `None` for a link that needs no check: another path of a host that
    /// is not the product's, or a fragment that scrolls to the top.
    pub fn reach(&self, n: ArtifactId, href: &str, base: Option<&str>) -> Option<Reached> {
        let site = self.site;
        let out = &site.artifacts[n].out;
        self.reach_from(
            out,
            &format!("{}{}", site.base_path, out.rel_url),
            href,
            base,
        )
    }

    /// [`Reach::reach`] from the page at `out`, whose own path is `own`.
    fn reach_from(
        &self,
        out: &Output,
        own: &str,
        href: &str,
        base: Option<&str>,
    ) -> Option<Reached> {
        let site = self.site;
        let (path, fragment) = self.resolve(out, href, base)?;
        let target = Target {
            path,
            fragment: fragment.map(str::to_string),
        };
        if !target.path.starts_with(&site.base_path)
            && target.path != site.base_path.trim_end_matches('/')
        {
            return site
                .policy
                .site_on_product_host()
                .is_some()
                .then_some(Reached::Outside(target));
        }
        if target.path == own {
            return Some(Reached::Here(Target {
                path: String::new(),
                ..target
            }));
        }
        Some(Reached::Path(target))
    }

    /// The path (percent-decoded) and fragment `href`, on the page at
    /// `out` (whose `<base href>` is `base`, if it has one), goes to. A
    /// fragment that scrolls any page to its top is dropped.
    fn resolve<'h>(
        &self,
        out: &Output,
        href: &'h str,
        base: Option<&str>,
    ) -> Option<(String, Option<&'h str>)> {
        let site = self.site;
        let href = href.trim();
        let (rest, fragment) = match href.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (href, None),
        };
        let fragment = fragment.filter(|f| !scrolls_to_top(f));
        let rest = rest.split_once('?').map_or(rest, |(p, _)| p);
        // Parsed only for the links that need it: most are root-relative.
        let page = || {
            let page = site.config.base_url.join(&out.rel_url).ok()?;
            match base {
                Some(b) => page.join(b).ok(),
                None => Some(page),
            }
        };
        let path = if rest.is_empty() && base.is_none() {
            format!("{}{}", site.base_path, out.rel_url)
        } else if rest.starts_with('/') && !rest.starts_with("//") && !rest.contains('\\') {
            percent_decode_str(rest).decode_utf8_lossy().into_owned()
        } else {
            // Relative, or absolute on the site's own host: the link pass
            // hands over no other (`LinkPolicy::classify`).
            let url = page()?.join(rest).ok()?;
            percent_decode_str(url.path())
                .decode_utf8_lossy()
                .into_owned()
        };
        Some((path, fragment))
    }

    /// Every link that reaches nothing, or a fragment its page lacks, or
    /// another affiliate's page, or the product outside the site's path:
    /// one problem each, with the first page of each group that has it.
    /// `ids_of` gives a page's ids again, to suggest the one meant.
    pub fn problems(&mut self, ids_of: &dyn Fn(ArtifactId) -> Vec<String>) -> Vec<Problem> {
        let take = |m: &mut Mutex<HashMap<Target, Seen>>| {
            std::mem::take(m.get_mut().unwrap_or_else(|e| e.into_inner()))
        };
        let links = take(&mut self.links);
        let here = take(&mut self.here);
        let handover = take(&mut self.handover);
        let outside = take(&mut self.outside);
        let ids = std::mem::take(self.ids.get_mut().unwrap_or_else(|e| e.into_inner()));
        let mut broken: Vec<(Target, Seen, Option<ArtifactId>)> = here
            .into_iter()
            .map(|(t, seen)| {
                let page = seen.page;
                (t, seen, Some(page))
            })
            .collect();
        for (target, seen) in links {
            match self.served(&target.path) {
                None => broken.push((target, seen, None)),
                Some(Served::Redirect) => {}
                Some(Served::Artifact(n)) => {
                    let Some(fragment) = &target.fragment else {
                        continue;
                    };
                    if !names_id(fragment, |id| ids.contains(&id_hash(n, id))) {
                        broken.push((target, seen, Some(n)));
                    }
                }
            }
        }
        broken.sort_by(|a, b| a.0.cmp(&b.0));
        let site = self.site;
        let mut out = Vec::new();
        for (target, seen, page) in broken {
            let (kind, what, hint) = match page {
                None => {
                    let rel = target
                        .path
                        .strip_prefix(site.base_path.as_str())
                        .unwrap_or(&target.path);
                    let near = nearest_page(site, rel).map(|p| format!("{}{p}", site.base_path));
                    (
                        "no page",
                        "goes to no page of the site".to_string(),
                        match near {
                            Some(p) => format!("did you mean {}?", quoted(&p)),
                            None => "link to a page the site publishes (tailor links lists the affiliate pages; the others follow the paths in tailor.yaml)".to_string(),
                        },
                    )
                }
                Some(n) => {
                    let fragment = target.fragment.as_deref().unwrap_or_default();
                    let ids = ids_of(n);
                    let near = suggest(fragment, ids.iter().map(String::as_str));
                    (
                        "no element",
                        format!(
                            "names the fragment #{fragment}, but {} has no element with id=\"{fragment}\"",
                            if target.path.is_empty() {
                                "its page"
                            } else {
                                &site.artifacts[n].out.file
                            }
                        ),
                        match near {
                            Some(id) => format!("did you mean #{id}?"),
                            None if ids.is_empty() => "the page has no element with an id: give the element you mean one (a Markdown heading has the slug of its text, or the id written after it: ## Results {#results})".to_string(),
                            None => format!(
                                "the page's ids are {}; use one of them, or give the element you mean that id",
                                ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
                            ),
                        },
                    )
                }
            };
            out.push(self.problem(kind, target, seen, what, hint));
        }
        let mut handover: Vec<(Target, Seen)> = handover.into_iter().collect();
        handover.sort_by(|a, b| a.0.cmp(&b.0));
        for (target, seen) in handover {
            let Some(Served::Artifact(t)) = self.served(&target.path) else {
                continue;
            };
            let Kind::Affiliate(a) = site.artifacts[t].kind else {
                continue;
            };
            let affiliate = site.record(a);
            let segment = &site.segments[site.affiliates[a].segment];
            let segment_page = segment
                .pages
                .iter()
                .flatten()
                .next()
                .map(|&p| site.href(site.out(p)));
            let what = format!(
                "goes to {}'s affiliate page: a visitor who follows it is credited to {} from then on, whoever's page they came from",
                affiliate.name, affiliate.name,
            );
            let hint = match segment_page {
                Some(p) => format!(
                    "link to the segment's page, {}, instead: an affiliate's page is only ever reached through their own link",
                    quoted(&p)
                ),
                None => "remove the link: an affiliate's page is only ever reached through their own link".to_string(),
            };
            out.push(self.problem("handover", target, seen, what, hint));
        }
        let mut outside: Vec<(Target, Seen)> = outside.into_iter().collect();
        outside.sort_by(|a, b| a.0.cmp(&b.0));
        for (target, seen) in outside {
            let mut url = site.config.base_url.clone();
            url.set_path(&target.path);
            let what = format!(
                "leaves the site's path for {url}, a page of the product, where it carries no referral code"
            );
            let hint = format!("write the product's URL in full, {url}, which tailor tracks");
            out.push(self.problem("outside", target, seen, what, hint));
        }
        out
    }

    /// "customers/x/index.html and 3 other pages".
    fn on(&self, page: ArtifactId, pages: usize) -> String {
        let on = &self.site.artifacts[page].out.file;
        match pages {
            0 | 1 => on.clone(),
            2 => format!("{on} and 1 other page"),
            n => format!(
                "{on} and {} other pages",
                crate::derive::grouped(n as u64 - 1)
            ),
        }
    }

    fn problem(
        &self,
        kind: &'static str,
        target: Target,
        seen: Seen,
        what: String,
        hint: String,
    ) -> Problem {
        Problem {
            severity: Severity::Error,
            kind,
            what,
            hint,
            target,
            pages: seen.firsts.values().copied().collect(),
            template: super::template_of(&self.site.artifacts[seen.page].kind),
            on: seen
                .hrefs
                .iter()
                .map(|(href, &(page, pages))| (href.clone(), self.on(page, pages)))
                .collect(),
            href: seen.href,
        }
    }

    /// Where a link of `problem` is written, found by looking for it as
    /// written in the site's files: for the link `locate` found no mark of.
    pub fn written(&self, problem: &Problem, theme_dir: &Path) -> Vec<Diagnostic> {
        let sources = Sources::new(&self.site.config.root, theme_dir);
        let written = sources.find(&self.written_as(&problem.href, &problem.target));
        let message = problem.message(&problem.href);
        if written.is_empty() {
            return vec![
                Diagnostic::error(
                    sources.theme_dir.join("templates").join(problem.template),
                    message,
                )
                .hint(problem.hint.clone()),
            ];
        }
        written
            .into_iter()
            .map(|(file, line, col)| {
                Diagnostic::error(file, message.clone())
                    .at(line, col)
                    .hint(problem.hint.clone())
            })
            .collect()
    }

    /// How the link may be written in the site's files: as the page has
    /// it, as written before the link pass put it under the base path, and
    /// (for a link a template puts together) its fragment, in a template.
    fn written_as(&self, href: &str, target: &Target) -> Vec<(String, bool)> {
        let mut forms = vec![(href.to_string(), false)];
        let base = &self.site.base_path;
        if base != "/"
            && let Some(rest) = href.strip_prefix(base.as_str())
        {
            forms.push((format!("/{rest}"), false));
        }
        if let Some(f) = &target.fragment {
            forms.push((format!("#{f}"), true));
        }
        forms
    }
}

/// The page of the site `rel` (a URL path under the base path) most
/// likely meant: one in the same folder with a name spelt nearly alike.
fn nearest_page<'s>(site: &'s Site, rel: &str) -> Option<&'s str> {
    let (folder, name) = folder_and_name(rel);
    let pages: Vec<&str> = site
        .artifacts
        .iter()
        .filter(|a| a.kind.is_page())
        .map(|a| a.out.rel_url.as_str())
        .filter(|p| folder_and_name(p).0 == folder)
        .collect();
    let near = suggest(name, pages.iter().map(|p| folder_and_name(p).1))?;
    pages.into_iter().find(|p| folder_and_name(p).1 == near)
}

/// `customers/ledgerly/` → (`customers`, `ledgerly`).
fn folder_and_name(path: &str) -> (&str, &str) {
    let path = path.trim_end_matches('/');
    path.rsplit_once('/').unwrap_or(("", path))
}

/// `ids` has `fragment`, as written or percent-decoded.
fn has_id(ids: &[String], fragment: &str) -> bool {
    names_id(fragment, |f| ids.iter().any(|id| id == f))
}

/// `fragment` names an id `is_id` knows, as written or percent-decoded
/// (a browser tries both).
fn names_id(fragment: &str, is_id: impl Fn(&str) -> bool) -> bool {
    is_id(fragment) || is_id(&percent_decode_str(fragment).decode_utf8_lossy())
}

/// A fragment that scrolls to the top of any page: empty, or `top`.
fn scrolls_to_top(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || fragment.starts_with(":~:")
}

/// The files a link may be written in, read when one is broken.
struct Sources {
    /// Relative to the root, in the order they are searched, with their
    /// text.
    files: Vec<(PathBuf, String)>,
    /// `themes/<name>`.
    theme_dir: PathBuf,
}

impl Sources {
    /// The site's text files: its config, data and content, its own
    /// wording, then its theme's.
    fn new(root: &Path, theme_dir: &Path) -> Sources {
        let mut files: Vec<PathBuf> = crate::inputs::ROOT_FILES
            .iter()
            .map(|f| PathBuf::from(f.name))
            .filter(|f| root.join(f).is_file())
            .collect();
        let dirs = crate::inputs::FOLDERS
            .iter()
            .map(|f| Path::new(f.dir))
            .chain([Path::new(crate::inputs::SITE_TEXT), theme_dir]);
        for dir in dirs {
            files.extend(
                crate::paths::walk(root, dir, usize::MAX)
                    .into_iter()
                    .flatten()
                    .filter(|f| f.regular)
                    .map(|f| f.rel),
            );
        }
        let files = files
            .into_iter()
            .filter_map(|f| {
                let text = crate::inputs::read_text(root, &f).ok()?;
                Some((f, text))
            })
            .collect();
        Sources {
            files,
            theme_dir: theme_dir.to_path_buf(),
        }
    }

    /// Where the first of `forms` that any file has is written: every
    /// place, by file, line and column. A form marked `true` is looked for
    /// in the theme's templates only.
    fn find(&self, forms: &[(String, bool)]) -> Vec<(PathBuf, usize, usize)> {
        let templates = self.theme_dir.join("templates");
        for (form, in_templates) in forms {
            let found: Vec<(PathBuf, usize, usize)> = self
                .files
                .iter()
                .filter(|(file, _)| !in_templates || file.starts_with(&templates))
                .flat_map(|(file, text)| {
                    text.match_indices(form.as_str())
                        .filter(|(at, _)| ends_link(text, at + form.len()))
                        .map(|(at, _)| {
                            let (line, col) = crate::content::html::line_col(text, at);
                            (file.clone(), line, col)
                        })
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }
}

/// The link written at `text[..end]` ends there: `/a` is not the start of
/// `/ab`.
fn ends_link(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '%')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_ends_where_a_url_cannot_go_on() {
        assert!(ends_link("[x](/a/)", 7));
        assert!(ends_link("href=\"/a\"", 8));
        assert!(!ends_link("/a/b", 2));
        assert!(!ends_link("#resultsx", 8));
        assert!(ends_link("/a", 2));
    }

    #[test]
    fn top_and_text_fragments_scroll_any_page() {
        assert!(scrolls_to_top(""));
        assert!(scrolls_to_top("TOP"));
        assert!(scrolls_to_top(":~:text=offer"));
        assert!(!scrolls_to_top("results"));
    }
}
