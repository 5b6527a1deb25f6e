//! How long each stage of a build took, so that a keeper can see where a slow build goes
//! (`minhbach build --timings`, `minhbach serve --verbose`). Stages are recorded in the order
//! they ran; a stage inside another is named `outer: inner` and its time is part of the outer's.

use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `f`, recording its wall time under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.add(stage, started.elapsed());
        out
    }

    /// Records `took` under `stage`, adding to what the stage already took.
    pub fn add(&mut self, stage: &'static str, took: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, d)) => *d += took,
            None => self.stages.push((stage, took)),
        }
    }

    pub fn get(&self, stage: &str) -> Option<Duration> {
        self.stages.iter().find(|(s, _)| *s == stage).map(|(_, d)| *d)
    }

    /// The sum of the top-level stages (those whose name has no `: `).
    pub fn total(&self) -> Duration {
        self.stages.iter().filter(|(s, _)| !s.contains(": ")).map(|(_, d)| *d).sum()
    }

    /// One line per stage, milliseconds aligned, inner stages indented under their outer one.
    pub fn report(&self) -> String {
        let total = self.total();
        let mut out = String::new();
        // Each outer stage, then the stages inside it.
        let outer = self.stages.iter().filter(|(s, _)| !s.contains(": "));
        let ordered = outer.flat_map(|(o, d)| {
            std::iter::once((*o, *d)).chain(
                self.stages.iter().filter(move |(s, _)| s.split_once(": ").is_some_and(|(p, _)| p == *o)).copied(),
            )
        });
        for (stage, took) in ordered {
            let (indent, name) = match stage.split_once(": ") {
                Some((_, inner)) => ("    ", inner),
                None => ("  ", stage),
            };
            let share = if total.is_zero() { 0.0 } else { took.as_secs_f64() / total.as_secs_f64() * 100.0 };
            let width = 30 - indent.len();
            out.push_str(&format!(
                "{indent}{name:<width$} {:>9.1} ms {share:>5.1}%\n",
                took.as_secs_f64() * 1000.0
            ));
        }
        out.push_str(&format!("  {:<28} {:>9.1} ms", "total", total.as_secs_f64() * 1000.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_and_inner_stages_are_not_counted_twice() {
        let mut t = Timings::default();
        t.add("load", Duration::from_millis(10));
        t.add("render", Duration::from_millis(30));
        t.add("render: charts", Duration::from_millis(20));
        t.add("load", Duration::from_millis(5));
        t.stages.swap(1, 2);
        assert_eq!(t.get("load"), Some(Duration::from_millis(15)));
        assert_eq!(t.total(), Duration::from_millis(45));
        let report = t.report();
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 4, "{report}");
        assert!(lines[0].starts_with("  load ") && lines[0].contains("15.0 ms"), "{report}");
        assert!(lines[2].starts_with("    charts ") && lines[2].contains("20.0 ms"), "{report}");
        assert!(lines[3].contains("total") && lines[3].contains("45.0 ms"), "{report}");
        assert_eq!(t.time("write", || 7), 7);
        assert!(t.get("write").is_some());
    }
}
