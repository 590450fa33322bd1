//! Assigning articles to analysts: each article to one analyst, a chosen share double read by
//! two (or all) analysts for agreement. Which articles are double read, and who reads what, is
//! drawn at random from a seed that the manifest records, so that the draw can be told and
//! repeated. Readings are balanced: every analyst ends with the same number of readings, give or
//! take one, counting the assignments already made.
//!
//! Articles that already have analysts keep them (someone may have started); `reassign` draws
//! again for all.

use super::ProjectError;
use super::manifest::{AssignmentRecord, Manifest};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

/// What to assign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignOptions {
    pub analysts: Vec<String>,
    /// Share of the articles assigned now that are double read, in percent (0–100).
    pub double_read_percent: u32,
    /// Analysts per double-read article: 2, or `usize::MAX` for all of them.
    pub readers: usize,
    pub seed: u64,
    /// Draw again for every article, not only those without analysts.
    pub reassign: bool,
}

/// What an assignment did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignOutcome {
    /// Articles given analysts now.
    pub articles: usize,
    /// Of which double read.
    pub double_read: usize,
    /// Every analyst's readings in the whole project after the assignment.
    pub readings: BTreeMap<String, usize>,
    pub seed: u64,
}

/// Assigns the articles of `manifest` as `options` say and records how.
pub fn assign(
    manifest: &mut Manifest,
    options: &AssignOptions,
) -> Result<AssignOutcome, ProjectError> {
    let mut analysts = options.analysts.clone();
    analysts.sort();
    analysts.dedup();
    if analysts.is_empty() {
        return Err(ProjectError::Invalid(
            "name the analysts to assign to (--analysts a,b,c)".to_owned(),
        ));
    }
    for analyst in &analysts {
        crate::store::validate_analyst_name(analyst)
            .map_err(|error| ProjectError::Invalid(format!("analyst {analyst:?}: {error}")))?;
    }
    if options.double_read_percent > 100 {
        return Err(ProjectError::Invalid(format!(
            "--double-read is a percentage (0 to 100), not {}",
            options.double_read_percent
        )));
    }
    let readers = options.readers.min(analysts.len());
    if options.double_read_percent > 0 && readers < 2 {
        return Err(ProjectError::Invalid(
            "double reading needs at least two analysts".to_owned(),
        ));
    }
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut targets: Vec<String> = manifest
        .articles
        .iter()
        .filter(|(_, entry)| options.reassign || entry.assigned.is_empty())
        .map(|(key, _)| key.clone())
        .collect();
    targets.shuffle(&mut rng);
    if targets.is_empty() {
        // Nothing to draw: the record of the last draw stays as it was.
        let mut readings: BTreeMap<String, usize> =
            analysts.iter().map(|name| (name.clone(), 0)).collect();
        for entry in manifest.articles.values() {
            for analyst in &entry.assigned {
                *readings.entry(analyst.clone()).or_default() += 1;
            }
        }
        return Ok(AssignOutcome {
            articles: 0,
            double_read: 0,
            readings,
            seed: options.seed,
        });
    }
    let double = (targets.len() * options.double_read_percent as usize + 50) / 100;

    // Readings already made count towards the balance.
    let mut load: BTreeMap<String, usize> = analysts.iter().map(|name| (name.clone(), 0)).collect();
    for (key, entry) in &manifest.articles {
        if targets.contains(key) {
            continue;
        }
        for analyst in &entry.assigned {
            if let Some(count) = load.get_mut(analyst) {
                *count += 1;
            }
        }
    }
    for (index, key) in targets.iter().enumerate() {
        let is_double = index < double;
        let wanted = if is_double { readers } else { 1 };
        // Fewest readings first; ties broken at random, so that no analyst is always first.
        let mut order: Vec<(usize, u64, String)> = load
            .iter()
            .map(|(name, count)| (*count, rng.random::<u64>(), name.clone()))
            .collect();
        order.sort();
        let chosen: Vec<String> = order
            .into_iter()
            .take(wanted)
            .map(|(_, _, name)| name)
            .collect();
        for name in &chosen {
            if let Some(count) = load.get_mut(name) {
                *count += 1;
            }
        }
        if let Some(entry) = manifest.articles.get_mut(key) {
            entry.assigned = chosen;
            entry.assigned.sort();
            entry.double_read = is_double;
        }
    }
    for analyst in &analysts {
        manifest.analysts.entry(analyst.clone()).or_default();
    }
    manifest.assignment = Some(AssignmentRecord {
        seed: options.seed,
        double_read_percent: options.double_read_percent,
        readers,
        analysts,
    });
    Ok(AssignOutcome {
        articles: targets.len(),
        double_read: double,
        readings: load,
        seed: options.seed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::ArticleEntry;
    use proptest::prelude::*;

    fn manifest_of(articles: usize) -> Manifest {
        let mut manifest = Manifest::new("p");
        for index in 0..articles {
            manifest
                .articles
                .insert(format!("articles/{index:03}.txt"), ArticleEntry::default());
        }
        manifest
    }

    fn options(analysts: &[&str], percent: u32, seed: u64) -> AssignOptions {
        AssignOptions {
            analysts: analysts.iter().map(|name| (*name).to_owned()).collect(),
            double_read_percent: percent,
            readers: 2,
            seed,
            reassign: false,
        }
    }

    proptest! {
        #[test]
        fn assignments_are_balanced_seeded_and_double_read_as_asked(
            articles in 0usize..60,
            analysts in 2usize..6,
            percent in 0u32..=100,
            seed in any::<u64>(),
        ) {
            let names: Vec<String> = (0..analysts).map(|index| format!("analyst-{index}")).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let mut manifest = manifest_of(articles);
            let outcome = assign(&mut manifest, &options(&names, percent, seed)).expect("assign");
            // Every article has readers: one, or two when double read; the share is as asked.
            let double: Vec<&ArticleEntry> =
                manifest.articles.values().filter(|entry| entry.double_read).collect();
            prop_assert_eq!(double.len(), (articles * percent as usize + 50) / 100);
            for entry in manifest.articles.values() {
                let expected = if entry.double_read { 2 } else { 1 };
                prop_assert_eq!(entry.assigned.len(), expected);
                let mut unique = entry.assigned.clone();
                unique.dedup();
                prop_assert_eq!(unique.len(), expected);
            }
            // Balanced: readings per analyst, counted from the manifest, differ by at most one.
            let mut per_analyst: BTreeMap<&str, usize> = names.iter().map(|name| (*name, 0)).collect();
            for entry in manifest.articles.values() {
                for analyst in &entry.assigned {
                    *per_analyst.get_mut(analyst.as_str()).expect("a named analyst") += 1;
                }
            }
            let most = per_analyst.values().max().copied().unwrap_or(0);
            let fewest = per_analyst.values().min().copied().unwrap_or(0);
            prop_assert!(most - fewest <= 1, "{:?}", per_analyst);
            prop_assert_eq!(outcome.readings.values().sum::<usize>(), per_analyst.values().sum::<usize>());
            // The same seed draws the same assignment.
            let mut again = manifest_of(articles);
            assign(&mut again, &options(&names, percent, seed)).expect("assign");
            prop_assert_eq!(again, manifest);
        }
    }

    #[test]
    fn articles_added_later_are_assigned_to_balance_the_earlier_ones() {
        let mut manifest = manifest_of(4);
        // b reads three, a one.
        for (index, entry) in manifest.articles.values_mut().enumerate() {
            entry.assigned = vec![if index == 0 { "a" } else { "b" }.to_owned()];
        }
        let before = manifest.articles.clone();
        manifest
            .articles
            .insert("articles/new.txt".into(), ArticleEntry::default());
        let outcome = assign(&mut manifest, &options(&["a", "b"], 0, 8)).expect("assign");
        assert_eq!(outcome.articles, 1);
        for (key, entry) in &before {
            assert_eq!(&manifest.articles[key], entry, "kept {key}");
        }
        assert_eq!(manifest.articles["articles/new.txt"].assigned, vec!["a"]);
        assert!(manifest.analysts.contains_key("a") && manifest.analysts.contains_key("b"));
        assert_eq!(
            manifest.assignment.as_ref().map(|record| record.seed),
            Some(8)
        );
    }

    #[test]
    fn different_seeds_draw_different_double_readings() {
        let draw = |seed| {
            let mut manifest = manifest_of(40);
            assign(&mut manifest, &options(&["a", "b", "c"], 25, seed)).expect("assign");
            manifest
                .articles
                .into_iter()
                .filter(|(_, entry)| entry.double_read)
                .map(|(key, _)| key)
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
    }

    #[test]
    fn all_readers_and_bad_requests() {
        let mut manifest = manifest_of(3);
        let mut all = options(&["a", "b", "c"], 100, 3);
        all.readers = usize::MAX;
        assign(&mut manifest, &all).expect("assign");
        assert!(
            manifest
                .articles
                .values()
                .all(|entry| entry.assigned == ["a", "b", "c"] && entry.double_read)
        );
        assert!(assign(&mut manifest_of(1), &options(&["a"], 10, 0)).is_err());
        assert!(assign(&mut manifest_of(1), &options(&["a", "b"], 101, 0)).is_err());
        assert!(assign(&mut manifest_of(1), &options(&["a b"], 0, 0)).is_err());
        assert!(assign(&mut manifest_of(1), &options(&[], 0, 0)).is_err());
    }
}
