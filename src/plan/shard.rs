//! `--shard K/N`: one of N deterministic shares of a site's affiliate pages.
//!
//! An affiliate belongs to the shard given by a hash of their slug, so the
//! share of everyone else stays put when affiliates come and go. Shard 1
//! also builds every page that is not an affiliate's, and the files beside
//! them; the N outputs together are exactly one full build.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the affiliate page of `slug` is this shard's.
    pub fn has_affiliate(&self, slug: &str) -> bool {
        let hash = blake3::hash(slug.as_bytes());
        let n = u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"));
        n % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// Whether this shard builds the pages and files that are not affiliate pages.
    pub fn has_the_rest(&self) -> bool {
        self.index == 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("\"{s}\" is not a shard: write K/N, e.g. 2/4, with 1 ≤ K ≤ N");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "2", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_slug_in_exactly_one_shard_and_shares_even() {
        let shards: Vec<Shard> = (1..=4).map(|index| Shard { index, count: 4 }).collect();
        let mut sizes = [0usize; 4];
        for i in 0..10_000 {
            let slug = format!("affiliate-{i}");
            let owners: Vec<_> = shards.iter().filter(|s| s.has_affiliate(&slug)).collect();
            assert_eq!(owners.len(), 1, "{slug}");
            sizes[owners[0].index as usize - 1] += 1;
        }
        assert!(
            sizes.iter().all(|&n| (2300..2700).contains(&n)),
            "{sizes:?}"
        );
    }
}
