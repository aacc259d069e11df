//! The one rule for every path tailor reads or writes, so that no command
//! loses a user's file or reads one it was not given.
//!
//! **Reading a site.** A site's files are read only from inside its
//! folder. A link (symlink) that leads to another file or folder of the
//! site is followed — sites share a template or a story that way — but one
//! that leads out of the folder is refused, named by the link's own path;
//! what it leads to is never read, so no message can quote it. A loop of
//! links, a link that leads nowhere and a name that is not UTF-8 (it could
//! not be published under its own name) are refused too: nothing is
//! skipped without a word.
//!
//! **Writing.** tailor never writes through a link: a file is written
//! whole, into a new temporary file beside it that is renamed over it, and
//! a path that is itself a link is refused. An output folder given as a
//! link is resolved, and the folder it leads to is checked like any other:
//! it may not hold the site, nor lie inside the folders the site is read
//! from.
//!
//! **Serving.** A request path is a file of the output folder or nothing:
//! [`request`] turns it into a relative path of plain names, or says why
//! there is none (404, or 414 for a path longer than any the site has).
//!
//! This module depends on nothing else of tailor; `diag` turns a
//! [`Refused`] into a diagnostic.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Why tailor will not read or write a path, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Reading `path` goes through `link`, which leads outside the site.
    Outside {
        path: PathBuf,
        link: PathBuf,
        target: PathBuf,
    },
    /// `path` is a link (or goes through one) to nothing.
    Nowhere { path: PathBuf },
    /// `path` is a link back to a folder it is in, or to itself.
    Loop { path: PathBuf },
    /// A name that is not UTF-8, shown with its bytes escaped.
    NotUtf8 { shown: String },
    /// Writing `path` would write through the link it is.
    Link { path: PathBuf, target: PathBuf },
    /// An output folder that holds the site.
    HoldsSite { out: PathBuf },
    /// An output folder inside one of the folders the site is read from.
    InSources { out: PathBuf, source: String },
    /// An output path that is not a folder.
    NotAFolder { out: PathBuf },
    /// A file system error.
    Io {
        path: PathBuf,
        what: &'static str,
        error: String,
    },
}

impl Refused {
    /// The path the refusal is about: the file as the user named it.
    pub fn file(&self) -> PathBuf {
        match self {
            Refused::Outside { path, .. }
            | Refused::Nowhere { path }
            | Refused::Loop { path }
            | Refused::Link { path, .. }
            | Refused::Io { path, .. } => path.clone(),
            Refused::NotUtf8 { shown } => PathBuf::from(shown),
            Refused::HoldsSite { out }
            | Refused::InSources { out, .. }
            | Refused::NotAFolder { out } => out.clone(),
        }
    }

    /// What is wrong.
    pub fn message(&self) -> String {
        match self {
            Refused::Outside { path, link, target } if path == link => format!(
                "is a link to {}, outside the site's folder",
                target.display()
            ),
            Refused::Outside { link, target, .. } => format!(
                "is reached through the link {}, which leads outside the site's folder (to {})",
                link.display(),
                target.display()
            ),
            Refused::Nowhere { .. } => "is a link that leads nowhere".into(),
            Refused::Loop { .. } => {
                "is a link back to itself or to a folder it is in (a loop)".into()
            }
            Refused::NotUtf8 { .. } => "the name is not UTF-8 text".into(),
            Refused::Link { target, .. } => format!(
                "is a link (to {}); tailor never writes through a link",
                target.display()
            ),
            Refused::HoldsSite { .. } => {
                "is the site's own folder, or holds it: tailor would write among the site's files"
                    .into()
            }
            Refused::InSources { source, .. } => {
                format!("is inside the site's {source}/ folder, which tailor reads the site from")
            }
            Refused::NotAFolder { .. } => "the output path exists and is not a folder".into(),
            Refused::Io { what, error, .. } => format!("{what}: {error}"),
        }
    }

    /// What to do.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Refused::Outside { .. } => "tailor reads only the site's own files: copy the file into the site's folder instead of linking to it".into(),
            Refused::Nowhere { .. } => "point the link at a file of the site, or remove it".into(),
            Refused::Loop { .. } => "remove the link".into(),
            Refused::NotUtf8 { .. } => {
                "rename it: names become addresses on the site, and addresses are UTF-8".into()
            }
            Refused::Link { .. } => {
                "remove the link, or name the file or folder it leads to".into()
            }
            Refused::HoldsSite { .. } | Refused::InSources { .. } => "name a folder of its own, outside the site's segments/, content/, themes/, i18n/ and static/ (the build's is public/)".into(),
            Refused::NotAFolder { .. } => "remove it, or name a folder".into(),
            Refused::Io { .. } => return None,
        })
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file().display(), self.message())?;
        if let Some(hint) = self.hint() {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

/// `p`, absolute (against the working folder), without resolving links.
pub fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// `p` with its links resolved, as far as it exists: a path whose last
/// parts do not exist yet is its existing folder, resolved, with those
/// parts after it.
fn resolved(p: &Path) -> PathBuf {
    let p = absolute(p);
    let mut missing = Vec::new();
    let mut at = p.as_path();
    loop {
        if let Ok(real) = fs::canonicalize(at) {
            return missing.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                at = parent;
            }
            _ => return p,
        }
    }
}

/// The file at `rel` in the site at `root`, for reading: the path to open,
/// once every link on the way is known to stay inside the site's folder.
/// A path that does not exist is returned as it is, for the reader to say
/// so.
pub fn input(root: &Path, rel: &Path) -> Result<PathBuf, Refused> {
    let path = root.join(rel);
    match fs::canonicalize(&path) {
        Ok(real) => {
            let real_root = fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
            if real.starts_with(&real_root) {
                Ok(path)
            } else {
                Err(outside(root, rel, &real_root, real))
            }
        }
        Err(e) if fs::symlink_metadata(&path).is_ok() || is_loop(&e) => {
            // It exists as a name, but leads nowhere: a dangling link,
            // or a loop of them.
            Err(broken(rel, &e))
        }
        Err(_) => {
            // Missing: the reader says so. A part on the way may be a link
            // that leads nowhere.
            let mut at = PathBuf::new();
            for part in rel.components() {
                at.push(part);
                if fs::symlink_metadata(root.join(&at)).is_ok_and(|m| m.is_symlink())
                    && let Err(e) = fs::canonicalize(root.join(&at))
                {
                    return Err(broken(&at, &e));
                }
            }
            Ok(path)
        }
    }
}

/// ELOOP, "too many levels of symbolic links" (`io::ErrorKind` names it
/// only on nightly).
fn is_loop(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(not(target_os = "linux"))]
    const ELOOP: i32 = 62;
    e.raw_os_error() == Some(ELOOP)
}

fn broken(rel: &Path, e: &io::Error) -> Refused {
    if is_loop(e) {
        Refused::Loop {
            path: rel.to_path_buf(),
        }
    } else {
        Refused::Nowhere {
            path: rel.to_path_buf(),
        }
    }
}

/// The refusal for `rel`, whose links lead to `real`, outside the site:
/// names the first link on the way that leaves it.
fn outside(root: &Path, rel: &Path, real_root: &Path, real: PathBuf) -> Refused {
    let mut at = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        let here = root.join(&at);
        if fs::symlink_metadata(&here).is_ok_and(|m| m.is_symlink())
            && let Ok(target) = fs::canonicalize(&here)
            && !target.starts_with(real_root)
        {
            return Refused::Outside {
                path: rel.to_path_buf(),
                link: at,
                target,
            };
        }
    }
    Refused::Outside {
        path: rel.to_path_buf(),
        link: rel.to_path_buf(),
        target: real,
    }
}

/// A file found in a folder of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its path relative to the site's root.
    pub rel: PathBuf,
    /// Its path under the folder that was listed, `/`-separated.
    pub name: String,
    /// A regular file (after links), not a pipe or a device.
    pub regular: bool,
}

/// Every file under `root/dir` (to `depth` levels; 1 is the folder's own
/// files), sorted by name, following links that stay inside the site; each
/// link that leaves it, leads nowhere or loops, and each name that is not
/// UTF-8, is a refusal in its place, and what is under it is not listed.
/// A missing folder is an empty list.
pub fn walk(root: &Path, dir: &Path, depth: usize) -> Vec<Result<Found, Refused>> {
    let mut out = Vec::new();
    let base = match input(root, dir) {
        Ok(p) => p,
        Err(refused) => return vec![Err(refused)],
    };
    if !base.is_dir() {
        return out;
    }
    let real_root = fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
    let rel_of = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut entries = walkdir::WalkDir::new(&base)
        .follow_links(true)
        .min_depth(1)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(rel_of).unwrap_or_else(|| dir.to_path_buf());
                out.push(Err(if e.loop_ancestor().is_some() {
                    Refused::Loop { path }
                } else {
                    match e.io_error() {
                        Some(io) if is_loop(io) => Refused::Loop { path },
                        Some(io) if io.kind() == io::ErrorKind::NotFound => {
                            Refused::Nowhere { path }
                        }
                        _ => Refused::Io {
                            path,
                            what: "cannot list the folder",
                            error: e.to_string(),
                        },
                    }
                }));
                continue;
            }
        };
        let rel = rel_of(entry.path());
        let is_dir = entry.file_type().is_dir();
        let Some(text) = rel.to_str() else {
            out.push(Err(Refused::NotUtf8 { shown: shown(&rel) }));
            if is_dir {
                entries.skip_current_dir();
            }
            continue;
        };
        if entry.path_is_symlink() {
            // A link to a folder it is in: a loop from its first step
            // (walkdir tells only once the walk meets the folder again).
            let inside_target = |target: &Path| {
                entry
                    .path()
                    .parent()
                    .and_then(|p| fs::canonicalize(p).ok())
                    .is_some_and(|p| p.join(entry.file_name()).starts_with(target))
            };
            match fs::canonicalize(entry.path()) {
                Ok(target) if is_dir && inside_target(&target) => {
                    out.push(Err(Refused::Loop { path: rel }));
                    entries.skip_current_dir();
                    continue;
                }
                Ok(target) if target.starts_with(&real_root) => {}
                Ok(target) => {
                    out.push(Err(Refused::Outside {
                        path: rel.clone(),
                        link: rel,
                        target,
                    }));
                    if is_dir {
                        entries.skip_current_dir();
                    }
                    continue;
                }
                Err(e) => {
                    out.push(Err(broken(&rel, &e)));
                    continue;
                }
            }
        }
        if is_dir {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&base)
            .map(|p| p.to_str().unwrap_or(text).replace('\\', "/"))
            .unwrap_or_default();
        out.push(Ok(Found {
            rel,
            name,
            regular: entry.file_type().is_file(),
        }));
    }
    out
}

/// A path for a message: UTF-8 as it is, any other byte as `\xNN`.
pub fn shown(path: &Path) -> String {
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// What an output folder is once its link, if it is one, is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputDir {
    /// The folder written: the output folder, or the one its link leads to.
    pub real: PathBuf,
    /// The link the output folder was given as, if it was one.
    pub link: Option<PathBuf>,
}

/// Checks the output folder `out` of the site at `root` (`sources` are the
/// folders the site is read from, relative to it): resolved when it is a
/// link, never the site or a folder holding it, never inside the site's
/// sources. The folder need not exist yet.
pub fn output_dir(out: &Path, root: &Path, sources: &[&str]) -> Result<OutputDir, Refused> {
    let given = absolute(out);
    let is_link = fs::symlink_metadata(&given).is_ok_and(|m| m.is_symlink());
    let real = if is_link {
        fs::canonicalize(&given).map_err(|e| broken(out, &e))?
    } else {
        resolved(&given)
    };
    if real.exists() && !real.is_dir() {
        return Err(Refused::NotAFolder {
            out: out.to_path_buf(),
        });
    }
    let real_root = resolved(root);
    if real_root.starts_with(&real) {
        return Err(Refused::HoldsSite {
            out: out.to_path_buf(),
        });
    }
    for source in sources {
        if real.starts_with(real_root.join(source)) {
            return Err(Refused::InSources {
                out: out.to_path_buf(),
                source: source.to_string(),
            });
        }
    }
    Ok(OutputDir {
        real,
        link: is_link.then_some(given),
    })
}

/// Refuses `path` when it is a link: nothing is written through one.
pub fn not_a_link(path: &Path) -> Result<(), Refused> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_symlink() => Err(Refused::Link {
            path: path.to_path_buf(),
            target: fs::read_link(path).unwrap_or_default(),
        }),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` whole: into a new temporary file beside it
/// (created exclusively, with an unpredictable name, so nothing planted
/// there is written through), then renamed over it, so a reader sees the
/// old file or the new one. A `path` that is a link is refused.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Refused> {
    not_a_link(path)?;
    let fail = |what: &'static str| {
        move |e: io::Error| Refused::Io {
            path: path.to_path_buf(),
            what,
            error: e.to_string(),
        }
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(fail("cannot create the folder"))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.tailor-"))
        .suffix(".tmp")
        .permissions(readable())
        .tempfile_in(parent)
        .map_err(fail("cannot write"))?;
    tmp.write_all(bytes).map_err(fail("cannot write"))?;
    tmp.persist(path)
        .map_err(|e| fail("cannot write")(e.error))?;
    Ok(())
}

/// Creates `path` with `bytes`, failing if anything is there, a link
/// included: for files that must be new (`tailor init`).
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

/// A new file's permissions: readable by all, as the umask allows, like
/// any file a program writes (a temporary file would be private).
fn readable() -> fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(0o666)
    }
    #[cfg(not(unix))]
    {
        tempfile::NamedTempFile::new()
            .and_then(|f| f.as_file().metadata())
            .map(|m| m.permissions())
            .expect("a temporary file")
    }
}

/// Why a request path is no file of the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unserved {
    /// 404: no file could be there.
    NotFound,
    /// 414: longer than any path the site has.
    TooLong,
}

/// The longest name a file of the output can have, in bytes (the limit of
/// common file systems).
pub const MAX_NAME: usize = 255;
/// The longest request path served, in bytes as sent.
pub const MAX_REQUEST: usize = 4096;

/// The file a request path asks for, relative to the output folder and
/// `/`-separated (`""` for the root, a trailing `/` kept), or why there is
/// none. Every part is decoded once and must be a plain name: not `.` or
/// `..`, no `/`, `\` or NUL inside, UTF-8, at most [`MAX_NAME`] bytes.
pub fn request(path: &str) -> Result<String, Unserved> {
    if path.len() > MAX_REQUEST {
        return Err(Unserved::TooLong);
    }
    let rest = path.strip_prefix('/').ok_or(Unserved::NotFound)?;
    let mut out = String::with_capacity(rest.len());
    for (i, part) in rest.split('/').enumerate() {
        let bytes: Vec<u8> = percent_decode(part.as_bytes());
        let name = String::from_utf8(bytes).map_err(|_| Unserved::NotFound)?;
        if name.len() > MAX_NAME || name == "." || name == ".." || name.contains(['/', '\\', '\0'])
        {
            return Err(Unserved::NotFound);
        }
        if i > 0 {
            out.push('/');
        }
        out.push_str(&name);
    }
    if Path::new(&out)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(Unserved::NotFound);
    }
    Ok(out)
}

/// `%XX` decoded; a `%` not followed by two hex digits stays as it is.
fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%'
            && let (Some(h), Some(l)) = (
                s.get(i + 1).copied().and_then(hex),
                s.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A site folder with a file inside, a file outside, and links.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content/shared")).unwrap();
        fs::write(root.join("content/shared/story.md"), "inside").unwrap();
        fs::write(tmp.path().join("secret.txt"), "root:x:0:0").unwrap();
        (tmp, root)
    }

    #[test]
    fn links_inside_the_site_are_followed_and_links_out_refused() {
        let (tmp, root) = site();
        symlink("shared/story.md", root.join("content/inside.md")).unwrap();
        symlink(tmp.path().join("secret.txt"), root.join("content/out.md")).unwrap();
        symlink(tmp.path(), root.join("content/up")).unwrap();
        symlink("nothing.md", root.join("content/dangling.md")).unwrap();
        symlink("self.md", root.join("content/self.md")).unwrap();
        assert!(input(&root, Path::new("content/inside.md")).is_ok());
        assert!(input(&root, Path::new("content/missing.md")).is_ok());
        let refused = input(&root, Path::new("content/out.md")).unwrap_err();
        assert!(
            matches!(&refused, Refused::Outside { link, .. } if link == Path::new("content/out.md")),
            "{refused:?}"
        );
        assert!(!refused.to_string().contains("root:x"));
        let through = input(&root, Path::new("content/up/secret.txt")).unwrap_err();
        assert!(
            matches!(&through, Refused::Outside { link, .. } if link == Path::new("content/up")),
            "{through:?}"
        );
        assert_eq!(
            input(&root, Path::new("content/dangling.md")),
            Err(Refused::Nowhere {
                path: "content/dangling.md".into()
            })
        );
        assert_eq!(
            input(&root, Path::new("content/self.md")),
            Err(Refused::Loop {
                path: "content/self.md".into()
            })
        );
    }

    #[test]
    fn a_walk_names_every_link_it_does_not_follow() {
        let (tmp, root) = site();
        symlink("shared/story.md", root.join("content/inside.md")).unwrap();
        symlink(tmp.path().join("secret.txt"), root.join("content/out.md")).unwrap();
        symlink(tmp.path(), root.join("content/up")).unwrap();
        symlink("..", root.join("content/shared/loop")).unwrap();
        let found = walk(&root, Path::new("content"), usize::MAX);
        let names: Vec<String> = found
            .iter()
            .map(|f| match f {
                Ok(f) => format!("ok {}", f.name),
                Err(r) => format!("refused {}", r.file().display()),
            })
            .collect();
        assert_eq!(
            names,
            [
                "ok inside.md",
                "refused content/out.md",
                "refused content/shared/loop",
                "ok shared/story.md",
                "refused content/up",
            ]
        );
    }

    #[test]
    fn names_that_are_not_utf8_are_refused_with_their_bytes_shown() {
        use std::os::unix::ffi::OsStrExt;
        let (_tmp, root) = site();
        let name = std::ffi::OsStr::from_bytes(b"caf\xE9.css");
        fs::write(root.join("content").join(name), "x").unwrap();
        let found = walk(&root, Path::new("content"), 1);
        assert!(
            found.contains(&Err(Refused::NotUtf8 {
                shown: "content/caf\\xE9.css".into()
            })),
            "{found:?}"
        );
    }

    #[test]
    fn output_folders_are_resolved_and_kept_out_of_the_site() {
        let (tmp, root) = site();
        let sources = ["content", "segments"];
        let elsewhere = tmp.path().join("www");
        fs::create_dir(&elsewhere).unwrap();
        symlink(&elsewhere, root.join("public")).unwrap();
        let dir = output_dir(&root.join("public"), &root, &sources).unwrap();
        assert_eq!(dir.real, fs::canonicalize(&elsewhere).unwrap());
        assert_eq!(dir.link, Some(root.join("public")));
        assert!(output_dir(&root.join("new/out"), &root, &sources).is_ok());
        for (out, want) in [
            (root.clone(), "HoldsSite"),
            (tmp.path().to_path_buf(), "HoldsSite"),
            (root.join("content/x"), "InSources"),
            (root.join("content/shared/story.md"), "NotAFolder"),
        ] {
            let got = format!("{:?}", output_dir(&out, &root, &sources).unwrap_err());
            assert!(got.starts_with(want), "{}: {got}", out.display());
        }
        symlink(root.join("content"), root.join("sneaky")).unwrap();
        assert!(matches!(
            output_dir(&root.join("sneaky"), &root, &sources),
            Err(Refused::InSources { .. })
        ));
    }

    #[test]
    fn files_are_written_whole_and_never_through_a_link() {
        let (tmp, root) = site();
        let target = tmp.path().join("secret.txt");
        let file = root.join("segments/new.yaml");
        write_file(&file, b"one").unwrap();
        write_file(&file, b"two").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(root.join("segments"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["new.yaml"], "no temporary left");
        let link = root.join("segments/linked.yaml");
        symlink(&target, &link).unwrap();
        assert!(matches!(
            write_file(&link, b"overwritten"),
            Err(Refused::Link { .. })
        ));
        assert_eq!(fs::read(&target).unwrap(), b"root:x:0:0");
        assert!(create_new(&link, b"x").is_err());
        assert_eq!(fs::read(&target).unwrap(), b"root:x:0:0");
    }

    #[test]
    fn request_paths_are_plain_names_or_nothing() {
        for (path, want) in [
            ("/", Ok("")),
            ("/for/alpha/", Ok("for/alpha/")),
            ("/a%20b.html", Ok("a b.html")),
            ("/caf%C3%A9/", Ok("café/")),
            ("/../etc/passwd", Err(Unserved::NotFound)),
            ("/%2e%2e/etc/passwd", Err(Unserved::NotFound)),
            ("/a/%2E/b", Err(Unserved::NotFound)),
            ("/..%2f..%2fetc/passwd", Err(Unserved::NotFound)),
            ("/a%5c..%5cb", Err(Unserved::NotFound)),
            ("/a%00b", Err(Unserved::NotFound)),
            ("/%ff", Err(Unserved::NotFound)),
            ("relative", Err(Unserved::NotFound)),
        ] {
            assert_eq!(request(path), want.map(str::to_string), "{path}");
        }
        let long = format!("/{}", "a".repeat(MAX_NAME));
        assert!(request(&long).is_ok());
        let longer = format!("/{}", "a".repeat(MAX_NAME + 1));
        assert_eq!(request(&longer), Err(Unserved::NotFound));
        let encoded = format!("/{}", "%61".repeat(MAX_NAME + 1));
        assert_eq!(request(&encoded), Err(Unserved::NotFound));
        let huge = format!("/{}", "a/".repeat(MAX_REQUEST));
        assert_eq!(request(&huge), Err(Unserved::TooLong));
    }
}
