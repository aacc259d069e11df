//! Integration tests: the real `tailor` binary on small fixture sites.

mod attribution;
mod brand;
mod cards;
mod cli;
mod derive;
mod errors;
mod escaping;
mod exports;
mod faults;
mod fuzz_corpus;
mod hostile;
mod kit;
mod languages;
mod layering;
mod markets;
mod matching;
mod navigation;
mod output;
mod paths;
mod reach;
mod readme;
mod report;
mod scale;
#[cfg(feature = "serve")]
mod serve;
mod success;
mod support;
mod tracking;
mod wording;
