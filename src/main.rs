//! The `shopaudit` binary: parse flags, run, exit with the documented code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match shopaudit::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap exits 2 for usage errors; --help and --version are successes.
            return if e.use_stderr() {
                ExitCode::from(shopaudit::cli::exit::USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    shopaudit::cli::run(cli)
}
