//! The team across the project: who reads what and how far they are (the assignment view),
//! and the articles waiting for adjudication. Worked out from the statuses
//! ([`super::status`]), so that the window and the command line agree.

use super::status::{ArticleStatus, Consensus, ReadingStatus};
use std::collections::BTreeMap;

/// One analyst's share of the project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnalystLoad {
    pub analyst: String,
    /// Articles assigned to them.
    pub assigned: usize,
    /// Of those, how many are double read (also assigned to someone else).
    pub double_read: usize,
    /// Of those assigned, by status.
    pub done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    /// Annotations in all their readings, assigned or not.
    pub annotations: usize,
    /// Articles they read without being assigned them.
    pub unassigned_read: usize,
}

/// Every analyst's share: the project's analysts (`analysts`, in that order), then anyone
/// else assigned an article or with a reading.
pub fn workload(analysts: &[String], rows: &[ArticleStatus]) -> Vec<AnalystLoad> {
    let mut loads: BTreeMap<&str, AnalystLoad> = BTreeMap::new();
    let mut order: Vec<&str> = analysts.iter().map(String::as_str).collect();
    for row in rows {
        for name in row.assigned.iter().chain(row.analysts.keys()) {
            if !order.contains(&name.as_str()) {
                order.push(name);
            }
        }
    }
    for name in &order {
        loads.insert(
            name,
            AnalystLoad {
                analyst: (*name).to_owned(),
                ..AnalystLoad::default()
            },
        );
    }
    for row in rows {
        for (name, status) in &row.analysts {
            let Some(load) = loads.get_mut(name.as_str()) else {
                continue;
            };
            load.annotations += status.annotations;
            let assigned = row.assigned.contains(name);
            if !assigned {
                if status.status != ReadingStatus::NotStarted {
                    load.unassigned_read += 1;
                }
                continue;
            }
            load.assigned += 1;
            if row.assigned.len() > 1 || row.double_read {
                load.double_read += 1;
            }
            match status.status {
                ReadingStatus::Done => load.done += 1,
                ReadingStatus::InProgress => load.in_progress += 1,
                ReadingStatus::NotStarted => load.not_started += 1,
            }
        }
        // Assigned to someone with no status entry at all (not in the manifest, no file).
        for name in &row.assigned {
            if !row.analysts.contains_key(name)
                && let Some(load) = loads.get_mut(name.as_str())
            {
                load.assigned += 1;
                load.not_started += 1;
                if row.assigned.len() > 1 || row.double_read {
                    load.double_read += 1;
                }
            }
        }
    }
    order
        .into_iter()
        .filter_map(|name| loads.remove(name))
        .filter(|load| {
            analysts.contains(&load.analyst) || load.assigned > 0 || load.annotations > 0
        })
        .collect()
}

/// The articles with open disagreements, in the order of `rows`.
pub fn adjudication_queue(rows: &[ArticleStatus]) -> Vec<&ArticleStatus> {
    rows.iter()
        .filter(|row| row.consensus == Consensus::Open)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::status::AnalystStatus;

    fn row(
        key: &str,
        assigned: &[&str],
        statuses: &[(&str, ReadingStatus, usize)],
    ) -> ArticleStatus {
        ArticleStatus {
            key: key.to_owned(),
            title: key.to_owned(),
            info: Default::default(),
            assigned: assigned.iter().map(|name| (*name).to_owned()).collect(),
            double_read: assigned.len() > 1,
            analysts: statuses
                .iter()
                .map(|(name, status, annotations)| {
                    (
                        (*name).to_owned(),
                        AnalystStatus {
                            status: *status,
                            annotations: *annotations,
                        },
                    )
                })
                .collect(),
            consensus: if statuses.iter().filter(|(_, _, n)| *n > 0).count() >= 2 {
                Consensus::Open
            } else {
                Consensus::None
            },
            missing: false,
            problems: Vec::new(),
        }
    }

    #[test]
    fn each_analysts_share_counts_what_is_assigned_by_status() {
        use ReadingStatus::*;
        let rows = [
            row(
                "a",
                &["ann", "bo"],
                &[("ann", Done, 5), ("bo", InProgress, 2)],
            ),
            row(
                "b",
                &["ann"],
                &[("ann", NotStarted, 0), ("bo", InProgress, 1)],
            ),
            row("c", &["cy"], &[]),
        ];
        let loads = workload(&["ann".to_owned(), "bo".to_owned()], &rows);
        let names: Vec<&str> = loads.iter().map(|load| load.analyst.as_str()).collect();
        assert_eq!(names, ["ann", "bo", "cy"]);
        assert_eq!(
            loads[0],
            AnalystLoad {
                analyst: "ann".into(),
                assigned: 2,
                double_read: 1,
                done: 1,
                in_progress: 0,
                not_started: 1,
                annotations: 5,
                unassigned_read: 0,
            }
        );
        assert_eq!((loads[1].assigned, loads[1].in_progress), (1, 1));
        assert_eq!((loads[1].unassigned_read, loads[1].annotations), (1, 3));
        assert_eq!((loads[2].assigned, loads[2].not_started), (1, 1));
        // Every assignment is counted once, under one status.
        let assignments: usize = rows.iter().map(|row| row.assigned.len()).sum();
        let counted: usize = loads.iter().map(|load| load.assigned).sum();
        assert_eq!(counted, assignments);
        for load in &loads {
            assert_eq!(
                load.done + load.in_progress + load.not_started,
                load.assigned
            );
        }
        let queue: Vec<&str> = adjudication_queue(&rows)
            .iter()
            .map(|row| row.key.as_str())
            .collect();
        assert_eq!(queue, ["a"]);
    }
}
