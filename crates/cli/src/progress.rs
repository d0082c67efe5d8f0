//! The progress bar on stderr, by bytes of input read (which gives an ETA without a counting pass),
//! shown only when stderr is a terminal. `extract` and `ingest` share it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::Source;

/// More files than this (or any corpus) is worth a bar for `extract`.
const HANDFUL: usize = 8;

/// The bar; a hidden one when nothing is shown. Clones share one bar.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `extract`: shown for more than a handful of files or any corpus.
    pub fn new(sources: &[Source]) -> Progress {
        let many = sources.len() > HANDFUL || sources.iter().any(|s| matches!(s, Source::Corpus(_)));
        Progress::shown_if(sources, many)
    }

    /// A bar over the bytes of these sources when `show` and stderr is a terminal.
    pub fn shown_if(sources: &[Source], show: bool) -> Progress {
        if !show || !std::io::stderr().is_terminal() {
            return Progress { bar: ProgressBar::hidden() };
        }
        let total: u64 = sources.iter().map(Source::size).sum();
        let bar = ProgressBar::with_draw_target(Some(total.max(1)), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {percent:>3}% {binary_bytes_per_sec} ETA {eta}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Progress { bar }
    }

    /// `n` more bytes of input read.
    pub fn bytes(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Documents done so far.
    pub fn docs(&self, n: usize) {
        self.bar.set_message(format!("{n} documents"));
    }

    /// Replaces the message after the bar.
    pub fn status(&self, msg: String) {
        self.bar.set_message(msg);
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn message(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
