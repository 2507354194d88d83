//! What the second round of real use found (issue 22), in the core: sentences that know
//! "U.S." and "Mr.", whole words that end before a possessive and at a hyphen. Each test
//! failed on the code before its fix.

use marginalia::core::document::Document;
use marginalia::core::tag::{Extent, Pattern, find_hits};
use marginalia::core::tei::Volume;
use std::path::Path;

fn phrase(text: &str, whole_word: bool) -> Pattern {
    Pattern {
        text: text.to_string(),
        regex: false,
        whole_word,
        case_sensitive: true,
        ignore_diacritics: false,
    }
}

/// The sentence `word` (its first occurrence) is widened to in `text`.
fn sentence_around(text: &str, word: &str) -> String {
    let doc = Document::from_text(text, "memo.txt");
    let hits = find_hits(&doc, &phrase(word, false), Extent::Sentence).expect("a search");
    let first = hits.first().unwrap_or_else(|| panic!("{word:?} not found"));
    doc.slice(*first).to_string()
}

/// Paragraphs of FRUS 1955–1957, vol. XXIV, doc. 55 (a memorandum of an NSC discussion),
/// and the case the issue names.
const NSC: &str = "Mr. Allen Dulles replied that it was impossible to give a clear answer to the \
Vice President’s question as yet. The issue was still the subject of vigorous argument.\n\n\
Notable were reflections by Marshal Zhukov on the behavior of Khrushchev at the previously \
mentioned reception for the Air Force delegations. Of great interest also was Zhukov’s \
statement that U.S. estimates of the production of Soviet aircraft and submarines were much \
too high.\n\n\
Mr. McGhee asked Mr. Murrow whether the paper on U.S. Policy in East Asia was ready. \
Edward R. Murrow said it was.";

#[test]
fn a_sentence_is_not_cut_at_mr_or_u_s_or_an_initial() {
    assert_eq!(
        sentence_around(NSC, "clear answer"),
        "Mr. Allen Dulles replied that it was impossible to give a clear answer to the Vice \
         President’s question as yet."
    );
    assert_eq!(
        sentence_around(NSC, "estimates"),
        "Of great interest also was Zhukov’s statement that U.S. estimates of the production \
         of Soviet aircraft and submarines were much too high."
    );
    assert_eq!(
        sentence_around(NSC, "East Asia"),
        "Mr. McGhee asked Mr. Murrow whether the paper on U.S. Policy in East Asia was ready."
    );
    assert_eq!(
        sentence_around(NSC, "Murrow said"),
        "Edward R. Murrow said it was."
    );
    // A sentence that ends with a short form still ends there.
    assert_eq!(
        sentence_around(NSC, "vigorous"),
        "The issue was still the subject of vigorous argument."
    );
}

#[test]
fn a_whole_word_ends_before_a_possessive_and_at_a_hyphen() {
    let text = "Khrushchev’s speech, Khrushchev's answer and Khrushchev himself; U.S.-Soviet \
                talks, the U.S. position; not Khrushchevite, not don’t.";
    let doc = Document::from_text(text, "memo.txt");
    let count = |word: &str| {
        find_hits(&doc, &phrase(word, true), Extent::Hit)
            .expect("a search")
            .len()
    };
    assert_eq!(count("Khrushchev"), 3);
    assert_eq!(count("U.S."), 2);
    assert_eq!(count("Soviet"), 1);
    assert_eq!(
        count("don"),
        0,
        "an apostrophe inside a word does not end it"
    );
}

#[test]
fn every_occurrence_of_a_name_in_a_real_volume_is_a_whole_word() {
    // FRUS 1955–1957, vol. XXIV: "Khrushchev" nine times as "Khrushchev’s", once in
    // "Khrushchevism", which is another word.
    let volume = Volume::open(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tei/frus1955-57v24-excerpt.xml"
    )))
    .expect("the excerpt opens");
    let (mut found, mut standing) = (0, 0);
    for doc in volume.documents() {
        // Every occurrence but as part of a longer word ("Khrushchevism").
        let text = doc.text();
        standing += text
            .match_indices("Khrushchev")
            .filter(|(at, w)| {
                !text[at + w.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            })
            .count();
        found += find_hits(doc, &phrase("Khrushchev", true), Extent::Hit)
            .expect("a search")
            .len();
    }
    assert!(standing >= 9, "the name stands {standing} times");
    assert_eq!(found, standing, "every occurrence is a whole word");
}
