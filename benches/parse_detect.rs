//! Parse + detect throughput on the fixture pages: HTML → `Page` (DOM parse,
//! visible text, links, regions, page kinds, every detector).
//!
//! Run: `cargo bench --bench parse_detect`. Throughput is reported in bytes
//! of HTML per second.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shopaudit::detect;
use shopaudit::fetch::decode;
use shopaudit::snapshot;
use shopaudit::vocab::Vocabulary;
use url::Url;

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures/ is readable").flatten() {
        let p = entry.path();
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "html") {
            out.push(p);
        }
    }
}

fn bench(c: &mut Criterion) {
    let mut files = Vec::new();
    html_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut files);
    files.sort();
    let pages: Vec<String> = files
        .iter()
        .map(|f| decode::decode(&std::fs::read(f).unwrap(), None))
        .collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    let vocab = Vocabulary::builtin();
    let url = Url::parse("https://boutique.test/page").unwrap();

    let mut group = c.benchmark_group("fixtures");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("parse+detect {} pages", pages.len()), |b| {
        b.iter(|| {
            for html in &pages {
                std::hint::black_box(snapshot::analyze(&url, html, &vocab));
            }
        })
    });
    // Breakdown: the DOM parse alone, and the detectors alone on the visible text.
    group.bench_function("html5 parse only", |b| {
        b.iter(|| {
            for html in &pages {
                std::hint::black_box(scraper::Html::parse_document(html));
            }
        })
    });
    let texts: Vec<String> = pages.iter().map(|h| snapshot::analyze(&url, h, &vocab).text).collect();
    group.bench_function("detectors only (visible text)", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(detect::email::find(t));
                std::hint::black_box(detect::phone::find(t));
                std::hint::black_box(detect::ident::find(t));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
