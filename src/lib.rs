//! shopaudit: does an online shop show what consumer law requires?
//!
//! Data flows one way (see `DESIGN.md`):
//! `target` → `fetch` → `crawl` → `site` (built by `snapshot` + `detect`)
//! → `rules::engine` → `report` → renderers. `main.rs` is a thin CLI shell
//! over `cli`.

pub mod audit;
pub mod cli;
pub mod crawl;
pub mod detect;
pub mod fetch;
pub mod profile;
pub mod report;
pub mod rules;
pub mod site;
pub mod snapshot;
pub mod target;
pub mod text;
pub mod vocab;
