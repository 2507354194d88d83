//! A small timing helper shared by the benchmarks: runs a closure, reports p50 / p95 / max.

use std::time::{Duration, Instant};

/// Timings of one measured operation.
pub struct Timings {
    pub name: String,
    pub samples: Vec<Duration>,
}

impl Timings {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.samples.clone();
        sorted.sort();
        let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(i).copied().unwrap_or_default()
    }

    /// `name: p50 … / p95 … / max … (n runs)`, then whether `goal` was met on p95 (and max).
    pub fn report(&self, goal_p95: Option<Duration>, goal_max: Option<Duration>) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let (p50, p95, max) = (
            self.percentile(0.5),
            self.percentile(0.95),
            self.percentile(1.0),
        );
        let mut verdict = String::new();
        if let Some(goal) = goal_p95 {
            verdict.push_str(if p95 <= goal {
                " — p95 goal met"
            } else {
                " — p95 goal NOT met"
            });
            verdict.push_str(&format!(" (≤ {:.1} ms)", ms(goal)));
        }
        if let Some(goal) = goal_max {
            verdict.push_str(if max <= goal {
                ", max goal met"
            } else {
                ", max goal NOT met"
            });
            verdict.push_str(&format!(" (≤ {:.1} ms)", ms(goal)));
        }
        format!(
            "{:<58} p50 {:>8.3} ms   p95 {:>8.3} ms   max {:>8.3} ms   ({} runs){verdict}",
            self.name,
            ms(p50),
            ms(p95),
            ms(max),
            self.samples.len()
        )
    }
}

/// Runs `f` `runs` times (after `warmup` unmeasured runs) and records each duration.
pub fn time<R>(name: &str, warmup: usize, runs: usize, mut f: impl FnMut() -> R) -> Timings {
    for _ in 0..warmup {
        std::hint::black_box(f());
    }
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    Timings {
        name: name.to_string(),
        samples,
    }
}
