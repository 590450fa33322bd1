//! Times the spell checker once and prints the figures: the first load of the embedded English
//! dictionary, checking notes of 2,000 and 100,000 characters, and suggestions for a few
//! misspellings (computed, then remembered). No window needed.
//!
//! `cargo run --release --no-default-features --example spelling_timing`

use std::time::{Duration, Instant};

use closeread::spelling::english;

/// A note's worth of text with a few misspellings, Persian names and numbers in it.
const PARAGRAPH: &str = "Khamenei’s speech on 3 June 2019 was read by analysts as a signal \
    that the IRGC would recieve more of the budget. The government's reply, which wasn't \
    published until later, argued that sanctions had not changed the policy; critics said \
    the opposite (see https://example.org/report). فارسی names such as علی appear too. \
    Teh evidence is thin, but the claim is definately worth tagging as a recommendation. ";

fn main() {
    let started = Instant::now();
    let checker = match english() {
        Ok(checker) => checker,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    println!(
        "first load (parse the embedded en_US): {:?}",
        started.elapsed()
    );

    for chars in [2_000, 100_000] {
        let text = note_of(chars);
        let (time, flagged) = median(9, || checker.misspelled(&text).len());
        println!(
            "misspelled() on {} chars ({} bytes): {time:?} median, {flagged} flagged",
            text.chars().count(),
            text.len()
        );
    }

    // The first call per word computes; later ones are answered from the checker's memory.
    for word in ["recieve", "definately", "Teh", "goverment’s", "xqzzvprt"] {
        let started = Instant::now();
        let suggestions = checker.suggest(word);
        let first = started.elapsed();
        let (again, _) = median(5, || checker.suggest(word));
        println!("suggest({word:?}): {first:?} first, {again:?} again -> {suggestions:?}");
    }
}

/// About `chars` characters of note text.
fn note_of(chars: usize) -> String {
    PARAGRAPH.chars().cycle().take(chars).collect()
}

/// The median time of `runs` (at least one) calls of `f`, and the last call's result.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut timed = || {
        let started = Instant::now();
        let result = f();
        (started.elapsed(), result)
    };
    let (time, mut last) = timed();
    times.push(time);
    for _ in 1..runs {
        let (time, result) = timed();
        times.push(time);
        last = result;
    }
    times.sort();
    (times[times.len() / 2], last)
}
