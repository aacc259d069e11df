use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tailor::cli::Cli::parse();
    ExitCode::from(tailor::run(cli))
}
