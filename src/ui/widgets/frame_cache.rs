//! Things laid out for one look of a panel (a width, a theme, a revision of the notes),
//! kept from frame to frame while they are drawn: a frame that changes nothing builds no
//! layout job. Entries are numbered (a block, a highlight); when there are too many, the
//! least recently drawn go first, so memory stays flat on a whole volume.

use std::collections::HashMap;

/// Laid-out entries under one key; a new key drops them all.
#[derive(Debug)]
pub struct FrameCache<K, V> {
    key: Option<K>,
    /// Entry number → its value and the frame it was last drawn in.
    entries: HashMap<usize, (V, u64)>,
    frame: u64,
}

impl<K, V> Default for FrameCache<K, V> {
    fn default() -> Self {
        FrameCache {
            key: None,
            entries: HashMap::new(),
            frame: 0,
        }
    }
}

impl<K: PartialEq, V: Clone> FrameCache<K, V> {
    /// Most entries kept: a few screens' worth.
    pub const KEEP: usize = 256;

    /// Starts a frame: everything laid out under another key is dropped.
    pub fn begin(&mut self, key: K) {
        if self.key.as_ref() != Some(&key) {
            self.entries.clear();
            self.key = Some(key);
        }
        self.frame += 1;
    }

    /// Entry `i`, marked as drawn this frame.
    pub fn get(&mut self, i: usize) -> Option<V> {
        let frame = self.frame;
        self.entries.get_mut(&i).map(|(value, used)| {
            *used = frame;
            value.clone()
        })
    }

    pub fn insert(&mut self, i: usize, value: V) {
        self.entries.insert(i, (value, self.frame));
    }

    /// Entry `i`, made by `make` if it is not kept.
    pub fn get_or_insert_with(&mut self, i: usize, make: impl FnOnce() -> V) -> V {
        self.get(i).unwrap_or_else(|| {
            let value = make();
            self.insert(i, value.clone());
            value
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Once there are more than [`Self::KEEP`], keeps the half drawn most recently.
    pub fn trim(&mut self) {
        if self.entries.len() <= Self::KEEP {
            return;
        }
        let mut ages: Vec<u64> = self.entries.values().map(|(_, used)| *used).collect();
        let cut = ages.len() - Self::KEEP / 2;
        let (_, oldest_kept, _) = ages.select_nth_unstable(cut);
        let oldest_kept = *oldest_kept;
        self.entries.retain(|_, (_, used)| *used >= oldest_kept);
    }
}
