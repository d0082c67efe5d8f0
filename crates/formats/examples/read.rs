//! Reads files and prints, per file: format, pages, encoding, characters, seconds; with `-v` the text.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    for path in args.iter().filter(|a| *a != "-v") {
        let bytes = std::fs::read(path).expect("readable file");
        let t = std::time::Instant::now();
        let r = chidao_formats::read(&bytes, &chidao_formats::Options::default());
        let secs = t.elapsed().as_secs_f64();
        match r {
            Ok(x) => {
                let pages: Vec<String> = x.pages.iter().map(|p| format!("{}:{:?}:{}", p.page, p.source, p.chars)).collect();
                println!("{path}\t{}\t{}\t{}\t{}\t{secs:.2}\t{}", x.format.name(), x.encoding, x.text.chars().count(), pages.join(","), x.notes.join("; "));
                if verbose {
                    for p in &x.pages { println!("  page {} notes: {}", p.page, p.notes.join("; ")); }
                    println!("{}\n", x.text);
                }
            }
            Err(e) => println!("{path}\tERROR {e}\t{secs:.2}"),
        }
    }
}
