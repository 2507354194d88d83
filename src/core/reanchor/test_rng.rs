//! A small pseudo-random generator for re-anchoring's property tests, so they need no
//! crate.

pub(crate) struct Lcg(pub u64);

impl Lcg {
    /// A number below `n` (0 for `n` of 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    /// `len` characters drawn from `alphabet`.
    pub fn string(&mut self, alphabet: &[char], len: usize) -> Vec<char> {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}
