//! Integration tests: one binary (compiled once), real HTTP on loopback.

#[path = "../support/server.rs"]
mod server;

mod cli;
mod common;
mod faults;
mod fixtures;
