//! `tailor completions <shell>` and `tailor man`: the command line as a
//! shell's completion script and as a man page, both from clap's own
//! description of it, so they never disagree with `--help`.

use std::io::Write;

use clap::CommandFactory;

use super::{FAILURE, SUCCESS};
use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "tailor", &mut out);
    print_all(&out)
}

pub fn man() -> u8 {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        eprintln!("error: cannot write the man page: {e}");
        return FAILURE;
    }
    print_all(&out)
}

fn print_all(bytes: &[u8]) -> u8 {
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => SUCCESS,
        // A closed pipe (`| head`) is no failure of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            FAILURE
        }
    }
}
