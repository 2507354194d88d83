//! A guard against PDFs made to exhaust memory: before the file is handed to the parser
//! (which unpacks streams without a limit), every zlib stream in it is unpacked here as far
//! as a limit, and a file with a stream that unpacks beyond it is refused. Streams that are
//! not zlib (images in JPEG, encrypted streams) are not looked into.

use std::io::Read;

/// No stream of a PDF unpacks to more than this.
pub const MAX_STREAM_BYTES: u64 = 256 * 1024 * 1024;
/// Nor all of them together.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;

/// The first stream that unpacks beyond the limits, as (its place in the file, how far
/// it unpacked before the check stopped), or `None`.
pub fn oversized_stream(bytes: &[u8]) -> Option<(usize, u64)> {
    oversized_stream_within(bytes, MAX_STREAM_BYTES, MAX_TOTAL_BYTES)
}

/// [`oversized_stream`] with limits of one's own.
pub fn oversized_stream_within(bytes: &[u8], per_stream: u64, all: u64) -> Option<(usize, u64)> {
    let mut total = 0u64;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let keyword = at + found;
        at = keyword + 6;
        // `endstream` also ends in "stream"; a stream keyword is followed by an end of line.
        let data = match bytes.get(at..) {
            Some([b'\r', b'\n', rest @ ..]) => rest,
            Some([b'\n', rest @ ..]) | Some([b'\r', rest @ ..]) => rest,
            _ => continue,
        };
        if keyword >= 3 && &bytes[keyword - 3..keyword] == b"end" {
            continue;
        }
        // zlib: a deflate method byte, and a check that the header's 16 bits divide by 31.
        let zlib = data.len() >= 2
            && data[0] & 0x0f == 8
            && u16::from_be_bytes([data[0], data[1]]) % 31 == 0;
        if !zlib {
            continue;
        }
        let end = find(data, b"endstream").unwrap_or(data.len());
        let limit = per_stream.min(all.saturating_sub(total)) + 1;
        let mut decoder = flate2::read::ZlibDecoder::new(&data[..end]).take(limit);
        let unpacked = std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0);
        total += unpacked;
        if unpacked >= limit {
            return Some((keyword, unpacked));
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflated(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).expect("in memory");
        e.finish().expect("in memory")
    }

    fn pdf_with_stream(body: &[u8]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n".to_vec();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        out
    }

    #[test]
    fn an_ordinary_stream_passes() {
        let pdf = pdf_with_stream(&deflated(b"BT /F1 12 Tf (Hello) Tj ET"));
        assert_eq!(oversized_stream(&pdf), None);
    }

    #[test]
    fn a_stream_that_unpacks_past_the_limit_is_found() {
        // 3 MB of zeros packs into a few kilobytes; the limit here is 2 MB a stream.
        let bomb = deflated(&vec![0u8; 3 << 20]);
        assert!(bomb.len() < 10_000);
        let pdf = pdf_with_stream(&bomb);
        let found = oversized_stream_within(&pdf, 2 << 20, 8 << 20);
        assert!(found.is_some_and(|(_, n)| n > 2 << 20));
        assert_eq!(oversized_stream_within(&pdf, 4 << 20, 8 << 20), None);
        // Two streams that each pass are refused together past the total.
        let mut two = pdf.clone();
        two.extend_from_slice(&pdf);
        assert!(oversized_stream_within(&two, 4 << 20, 5 << 20).is_some());
    }
}
