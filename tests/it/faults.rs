//! Broken files and faults during a build: a clear error naming the file,
//! never a panic or a hang, and the previous output exactly as it was.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::*;

/// `tailor check` with a time limit: nothing may hang.
fn check_within(site: &Site, secs: u64) -> Run {
    let out = tailor()
        .arg("check")
        .current_dir(&site.root)
        .timeout(Duration::from_secs(secs))
        .output()
        .unwrap();
    out.into()
}

#[test]
fn broken_files_are_named_and_nothing_hangs() {
    let site = fixture("minimal");
    site.write("segments/empty.yaml", "");
    site.write("segments/tabs.yaml", "name: x\n\theadline: y\n");
    site.write("content/case-studies/empty.md", "");
    site.write(
        "content/case-studies/cut.md",
        "---\ntitle: Cut off\ncustomer: X\n",
    );
    // A terabyte, sparse: read, it would hold the check past any time
    // limit and past the machine's memory; refused, it costs nothing.
    fs::File::create(site.root.join("segments/big.yaml"))
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    symlink("loop.yaml", site.root.join("segments/loop.yaml")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(site.root.join("content/pages/pipe.md"))
            .status()
            .unwrap()
            .success()
    );
    let run = check_within(&site, 30);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains_all(
        &run.stderr,
        [
            "segments/empty.yaml:1:1: the file is empty — write its fields, starting with \"name:\"",
            "segments/tabs.yaml:2:1: a tab character in the indentation",
            "content/case-studies/empty.md:1:1: no front matter",
            "content/case-studies/cut.md:1:1: the front matter is never closed",
            "segments/big.yaml: the file is 1048576 MB; tailor reads files of at most 32 MB",
            "segments/loop.yaml: is a link back to itself or to a folder it is in (a loop) — remove the link",
            "content/pages/pipe.md: is not a regular file",
        ],
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn a_pipe_in_place_of_a_data_file_is_an_error_not_a_hang() {
    let site = fixture("minimal");
    fs::remove_file(site.root.join("affiliates.yaml")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(site.root.join("affiliates.yaml"))
            .status()
            .unwrap()
            .success()
    );
    let run = check_within(&site, 30);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("affiliates.yaml: is not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_affiliates_files_mean_no_affiliates() {
    let site = fixture("minimal");
    site.write("affiliates.yaml", "# nobody yet\n");
    site.write("affiliates.csv", "");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_unreadable_file_is_named() {
    let site = fixture("minimal");
    let file = site.root.join("segments/alpha.yaml");
    let mut perms = fs::metadata(&file).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&file, perms).unwrap();
    let run = if fs::read(&file).is_ok() {
        // Root reads a file of mode 000: tailor is run in a user namespace
        // of its own, where it is nobody (and can still enter the site).
        let tmp = site.root.parent().unwrap();
        let mut perms = fs::metadata(tmp).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        fs::set_permissions(tmp, perms).unwrap();
        let out = assert_cmd::Command::new("unshare")
            .arg("--user")
            .arg(assert_cmd::cargo::cargo_bin("tailor"))
            .arg("check")
            .current_dir(&site.root)
            .timeout(Duration::from_secs(30))
            .output()
            .expect(
                "this user reads files of mode 000 (root), and `unshare --user` \
                 (util-linux), which runs tailor as nobody, cannot be run",
            );
        Run::from(out)
    } else {
        check_within(&site, 30)
    };
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("segments/alpha.yaml: cannot read the file: Permission denied"),
        "{}",
        run.stderr
    );
}

/// A site with enough affiliates that a build takes a moment.
fn big_site(affiliates: usize) -> Site {
    let site = fixture("minimal");
    let mut csv = String::from("name,segment,message\n");
    for i in 0..affiliates {
        csv.push_str(&format!(
            "Person {i},alpha,Message number {i} for the page.\n"
        ));
    }
    site.write("affiliates.csv", &csv);
    site
}

/// Staging folders and previous outputs moved aside, beside `dir`'s
/// output (the record of the output's files is no leftover).
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tailor-staging-") || n.contains(".tailor-old-"))
        .collect()
}

/// A build killed while it writes pages leaves the previous output as it
/// was. The build is stopped at a known point by a test-only hook (after
/// its 20th new file) and killed there. Release builds have no such hook.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the hook that stops a build mid-write is in debug builds only"
)]
fn a_build_killed_mid_write_leaves_the_previous_output() {
    let site = big_site(200);
    site.build();
    let before = files_under(&site.out());
    site.write(
        "segments/alpha.yaml",
        "name: Alpha\nniche: alpha\nheadline: A new headline\n",
    );
    let marker = site.root.join("paused");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("tailor"))
        .arg("build")
        .env(
            "TAILOR_TEST_PAUSE_AFTER",
            format!("20:{}", marker.display()),
        )
        .current_dir(&site.root)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !marker.exists() {
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build did not reach its 20th file");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        files_under(&site.out()),
        before,
        "the previous output is untouched"
    );
    let staging = leftovers(&site.root);
    assert_eq!(staging.len(), 1, "the killed build left its staging folder");
    assert!(
        files_under(&site.root.join(&staging[0])).len() >= 20,
        "the build was killed while writing"
    );
    let run = site.build();
    assert!(run.stderr.contains("built "), "{}", run.stderr);
    assert!(
        leftovers(&site.root).is_empty(),
        "the next build cleared it: {:?}",
        leftovers(&site.root)
    );
    assert!(
        site.read("ann-active/index.html")
            .contains("A new headline")
    );
}

/// A small tmpfs, mounted for one test (see [`with_mounts`]).
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Mount {
        fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "cannot mount a tmpfs at {}", dir.display());
        Mount(dir.to_path_buf())
    }

    fn remount(&self, options: &str) {
        assert!(
            Command::new("mount")
                .args(["-o", &format!("remount,bind,{options}")])
                .arg(&self.0)
                .status()
                .unwrap()
                .success()
        );
    }
}

/// Whether the test `name` may mount file systems here: as root, yes;
/// otherwise the test is run again, whole, in a user and mount namespace
/// of its own (`unshare -rm`, where this user is root and mounts are its
/// own), and this returns `false` once that run passed. No machine skips
/// the test: where neither works, it fails and says why.
fn with_mounts(name: &str) -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    if root {
        return true;
    }
    let status = Command::new("unshare")
        .arg("-rm")
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", name, "--test-threads=1"])
        .status()
        .unwrap_or_else(|e| {
            panic!("{name} mounts a tmpfs: it needs root, or `unshare -rm` (util-linux) to run in a namespace of its own: {e}")
        });
    assert!(
        status.success(),
        "{name}, run in a namespace of its own (unshare -rm), failed: {status}"
    );
    false
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_the_previous_output() {
    if !with_mounts("faults::a_full_disk_leaves_the_previous_output") {
        return;
    }
    let site = fixture("minimal");
    let disk = Mount::tmpfs(&site.root.join("small-disk"), "1m");
    let out = disk.0.join("public");
    let out_arg = out.to_str().unwrap();
    assert_eq!(site.run(&["build", "--out", out_arg]).code, 0);
    let before = files_under(&out);
    let mut csv = String::from("name,segment\n");
    for i in 0..2_000 {
        csv.push_str(&format!("Person {i},alpha\n"));
    }
    site.write("affiliates.csv", &csv);
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("left as it was"), "{}", run.stderr);
    assert_eq!(files_under(&out), before);
    assert!(leftovers(&disk.0).is_empty(), "{:?}", leftovers(&disk.0));
}

#[test]
fn a_read_only_output_folder_leaves_the_previous_output() {
    if !with_mounts("faults::a_read_only_output_folder_leaves_the_previous_output") {
        return;
    }
    let site = fixture("minimal");
    let disk = Mount::tmpfs(&site.root.join("ro-disk"), "16m");
    let out = disk.0.join("public");
    let out_arg = out.to_str().unwrap();
    assert_eq!(site.run(&["build", "--out", out_arg]).code, 0);
    let before = files_under(&out);
    site.write(
        "segments/alpha.yaml",
        "name: Alpha\nniche: alpha\nheadline: Changed\n",
    );
    disk.remount("ro");
    let run = site.run(&["build", "--out", out_arg]);
    disk.remount("rw");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("Read-only file system"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&out), before);
}
