//! Compares PDF text engines for issue 24: the words each gets from a PDF, in order, against
//! the generator's truth (tests/pdf/*.truth.json, mode `score`) or against poppler's
//! pdftotext (mode `agree`), and how long each takes (mode `speed`). Each engine's words are
//! its glyphs joined the simplest way (a new word at a space, a gap or a new line) or its own
//! plain text; hyphenated line ends are then joined where the joined word is in the truth.
//!
//!   cargo run --release -- score ../../tests/pdf/*.pdf
//!   cargo run --release -- agree some.pdf other.pdf
//!   cargo run --release -- speed big.pdf
//!   cargo run --release -- only hayro|oxide|extract big.pdf   (one engine, for /usr/bin/time)

use std::time::Instant;

/// One glyph as an engine reports it: text, origin, size.
#[derive(Clone, Debug)]
struct G {
    text: String,
    x: f64,
    y: f64,
    size: f64,
    adv: f64,
}

fn words_of_glyphs(pages: &[Vec<G>]) -> Vec<String> {
    // Raw joining: content order; a new word on a space glyph, a gap, or a line change.
    let mut out = Vec::new();
    for page in pages {
        let mut cur = String::new();
        let mut last: Option<&G> = None;
        for g in page {
            let brk = match last {
                None => false,
                Some(l) => {
                    (g.y - l.y).abs() > l.size * 0.5 || g.x - (l.x + l.adv) > l.size * 0.15 || g.x < l.x
                }
            };
            if brk && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            for c in g.text.chars() {
                if c.is_whitespace() {
                    if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                } else {
                    cur.push(c);
                }
            }
            last = Some(g);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

fn norm(w: &str) -> String {
    w.chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{00AD}' => '-',
            '\u{FB01}' => 'f',
            _ => c,
        })
        .collect()
}

/// Join "xxx-" "yyy" when the joined form is in vocab.
fn dehyphen(ws: &[String], vocab: &std::collections::HashSet<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = norm(&ws[i]);
        if w.ends_with('-') && i + 1 < ws.len() {
            let joined = format!("{}{}", &w[..w.len() - 1], norm(&ws[i + 1]));
            let joined_h = format!("{}{}", w, norm(&ws[i + 1]));
            if vocab.contains(&joined) {
                out.push(joined);
                i += 2;
                continue;
            }
            if vocab.contains(&joined_h) {
                out.push(joined_h);
                i += 2;
                continue;
            }
        }
        out.push(w);
        i += 1;
    }
    out
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as usize
}

fn truth_words(path: &str) -> (Vec<String>, Vec<String>) {
    let t: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut s = String::new();
    for f in t["front_matter"].as_array().unwrap() {
        s.push_str(f.as_str().unwrap());
        s.push(' ');
    }
    for b in t["blocks"].as_array().unwrap() {
        s.push_str(b["text"].as_str().unwrap());
        s.push(' ');
    }
    let mut n = String::new();
    for f in t["footnotes"].as_array().unwrap() {
        n.push_str(f["text"].as_str().unwrap());
        n.push(' ');
    }
    (words(&s).iter().map(|w| norm(w)).collect(), words(&n).iter().map(|w| norm(w)).collect())
}

// ---- engines ----

fn hayro_glyphs(data: Vec<u8>) -> Result<Vec<Vec<G>>, String> {
    use hayro_interpret::font::GlyphRun;
    use hayro_interpret::{
        BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
        InterpreterCache, InterpreterSettings, SoftMask, interpret_page,
    };
    use kurbo::{Affine, BezPath, Point, Rect};
    struct Dev {
        glyphs: Vec<G>,
    }
    impl Device<'_> for Dev {
        fn draw_path(&mut self, _: &BezPath, _: DrawProps<'_>, _: &DrawMode) {}
        fn push_clip_path(&mut self, _: &ClipPath) {}
        fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'_>>, _: BlendMode) {}
        fn draw_glyph_run(&mut self, run: &GlyphRun<'_, '_>, props: DrawProps<'_>, _: &DrawMode) {
            for g in run.glyphs() {
                let t = props.transform * g.transform();
                let p = t * Point::ZERO;
                let c = t.as_coeffs();
                let size = (c[2] * c[2] + c[3] * c[3]).sqrt();
                let text = match g.as_unicode() {
                    Some(hayro_cmap::BfString::Char(c)) => c.to_string(),
                    Some(hayro_cmap::BfString::String(s)) => s,
                    None => "\u{FFFD}".into(),
                };
                let adv = match &**g {
                    hayro_interpret::font::Glyph::Outline(o) => o.advance_width().unwrap_or(500.0) as f64 / 1000.0,
                    _ => 0.5,
                };
                let advx = (c[0] * c[0] + c[1] * c[1]).sqrt() * adv * 1000.0;
                let size = size * 1000.0;
                self.glyphs.push(G { text, x: p.x, y: p.y, size, adv: advx });
            }
        }
        fn pop_clip(&mut self) {}
        fn pop_transparency_group(&mut self) {}
        fn draw_image(&mut self, _: Image<'_, '_>, _: ImageDrawProps<'_>) {}
    }
    let pdf = hayro_syntax::Pdf::new(data).map_err(|e| format!("{e:?}"))?;
    let cache = InterpreterCache::new();
    let mut out = Vec::new();
    for page in pdf.pages().iter() {
        let mut ctx = Context::new(
            Affine::IDENTITY,
            Rect::new(0.0, 0.0, 1.0, 1.0),
            &cache,
            pdf.xref(),
            InterpreterSettings::default(),
        );
        let mut dev = Dev { glyphs: Vec::new() };
        interpret_page(page, &mut ctx, &mut dev);
        out.push(dev.glyphs);
    }
    Ok(out)
}

fn oxide_glyphs(data: Vec<u8>) -> Result<Vec<Vec<G>>, String> {
    let doc = pdf_oxide::document::PdfDocument::from_bytes(data).map_err(|e| format!("{e:?}"))?;
    let n = doc.page_count().map_err(|e| format!("{e:?}"))?;
    let mut out = Vec::new();
    for i in 0..n {
        let chars = doc.extract_chars(i).map_err(|e| format!("{e:?}"))?;
        out.push(
            chars
                .iter()
                .map(|c| G {
                    text: c.char.to_string(),
                    x: c.origin_x as f64,
                    y: c.origin_y as f64,
                    size: c.font_size as f64,
                    adv: c.bbox.width as f64,
                })
                .collect(),
        );
    }
    Ok(out)
}

fn oxide_text(data: Vec<u8>) -> Result<String, String> {
    let doc = pdf_oxide::document::PdfDocument::from_bytes(data).map_err(|e| format!("{e:?}"))?;
    let n = doc.page_count().map_err(|e| format!("{e:?}"))?;
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&doc.extract_text(i).map_err(|e| format!("{e:?}"))?);
        s.push('\n');
    }
    Ok(s)
}

fn extract_text(data: Vec<u8>) -> Result<String, String> {
    pdf_extract::extract_text_from_mem(&data).map_err(|e| format!("{e:?}"))
}

fn pdftotext(path: &str) -> Result<String, String> {
    let o = std::process::Command::new("pdftotext")
        .args([path, "-"])
        .output()
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("score");
    if mode == "dump" { dump_hayro(&args[2]); return; }
    if mode == "only" { only(&args[2], &args[3]); return; }
    let files: Vec<String> = args[2..].to_vec();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let truth_path = f.replace(".pdf", ".truth.json");
        let (truth, notes) = if mode == "score" { truth_words(&truth_path) } else { (pdftotext(f).map(|t| words(&t).iter().map(|w| norm(w)).collect()).unwrap_or_default(), Vec::new()) };
        let vocab: std::collections::HashSet<String> = truth.iter().chain(notes.iter()).cloned().collect();
        println!("== {f} ({} truth words)", truth.len());
        let engines: Vec<(&str, Box<dyn Fn() -> Result<Vec<String>, String>>)> = vec![
            ("pdftotext (poppler 22.12)", Box::new(|| pdftotext(f).map(|t| words(&t)))),
            ("hayro-interpret 0.9 glyphs", Box::new(|| hayro_glyphs(data.clone()).map(|p| words_of_glyphs(&p)))),
            ("pdf_oxide 0.3.78 chars", Box::new(|| oxide_glyphs(data.clone()).map(|p| words_of_glyphs(&p)))),
            ("pdf_oxide 0.3.78 extract_text", Box::new(|| oxide_text(data.clone()).map(|t| words(&t)))),
            ("pdf-extract 0.12 (lopdf)", Box::new(|| extract_text(data.clone()).map(|t| words(&t)))),
        ];
        for (name, run) in engines {
            let t0 = Instant::now();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run()));
            let dt = t0.elapsed().as_secs_f64() * 1000.0;
            match r {
                Ok(Ok(ws)) => {
                    if mode == "score" || mode == "agree" {
                        let raw: Vec<String> = ws.iter().map(|w| norm(w)).collect();
                        let joined = dehyphen(&ws, &vocab);
                        let bad = ws.iter().filter(|w| w.contains('\u{FFFD}')).count();
                        println!(
                            "  {name:32} {dt:8.1} ms  words {:5}  text in order raw {:5.1} % joined {:5.1} %  notes in order {:5.1} %  U+FFFD {bad}",
                            ws.len(),
                            100.0 * lcs(&truth, &raw) as f64 / truth.len() as f64,
                            100.0 * lcs(&truth, &joined) as f64 / truth.len() as f64,
                            100.0 * lcs(&notes, &joined) as f64 / notes.len().max(1) as f64
                        );
                    } else {
                        println!("  {name:32} {dt:8.1} ms  words {:6}", ws.len());
                    }
                }
                Ok(Err(e)) => println!("  {name:32} {dt:8.1} ms  ERROR {e}"),
                Err(_) => println!("  {name:32} {dt:8.1} ms  PANIC"),
            }
        }
    }
}

#[allow(dead_code)]
pub fn dump_hayro(f: &str) {
    let data = std::fs::read(f).unwrap();
    let ws = words_of_glyphs(&hayro_glyphs(data).unwrap());
    println!("{}", ws.join("\n"));
}
#[allow(dead_code)]
pub fn only(engine: &str, f: &str) {
    let data = std::fs::read(f).unwrap();
    let n = match engine {
        "hayro" => words_of_glyphs(&hayro_glyphs(data).unwrap()).len(),
        "oxide" => words_of_glyphs(&oxide_glyphs(data).unwrap()).len(),
        _ => words(&extract_text(data).unwrap()).len(),
    };
    println!("{n}");
}
