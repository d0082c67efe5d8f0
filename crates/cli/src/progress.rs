//! A progress bar on stderr, by bytes of input read, shown only when stderr is a terminal and the
//! input is more than a handful of documents (or a corpus file).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::input::Source;

/// More files than this (or any corpus) shows a bar.
const HANDFUL: usize = 8;

/// The bar, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for these sources, if one is worth showing.
    pub fn new(sources: &[Source]) -> Progress {
        let many = sources.len() > HANDFUL || sources.iter().any(|s| matches!(s, Source::Corpus(_)));
        if !many || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let total: u64 = sources.iter().map(Source::size).sum();
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Progress { bar: Some(bar) }
    }

    /// `n` more bytes of input read.
    pub fn bytes(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Documents done so far.
    pub fn docs(&self, n: usize) {
        if let Some(b) = &self.bar {
            b.set_message(format!("{n} documents"));
        }
    }

    /// Prints a line on stderr without tearing the bar.
    pub fn message(&self, line: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
