//! Character error rate of a reader's text against a reference, after the reference texts'
//! whitespace normalisation (every run of white space is one space): `cer REFERENCE FILE`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reference = std::fs::read_to_string(&args[0]).expect("reference");
    let bytes = std::fs::read(&args[1]).expect("file");
    let x = chidao_formats::read(&bytes, &chidao_formats::Options::default()).expect("readable");
    let (r, h) = (chidao_formats::cer::normalise(&reference), chidao_formats::cer::normalise(&x.text));
    let d = chidao_formats::cer::distance(&r, &h);
    println!("{}\tCER {:.2}%\t({d} edits / {} reference chars; output {} chars)", args[1], 100.0 * d as f64 / r.chars().count() as f64, r.chars().count(), h.chars().count());
    if args.len() > 2 {
        std::fs::write("/tmp/cer_ref.txt", r.replace(". ", ".\n")).ok();
        std::fs::write("/tmp/cer_hyp.txt", h.replace(". ", ".\n")).ok();
    }
}
