//! How long each stage of a build took, so that a keeper can see where a slow build goes
//! (`minhbach build --timings`, `minhbach serve --verbose`). Stages are recorded in the order
//! they ran; a stage inside another is named `outer: inner` and its time is part of the outer's.
//! With the wall time goes the processor time of the whole process where the system tells it
//! (Linux): their ratio says how many cores a stage kept busy.

use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// Wall time of each stage.
    pub stages: Vec<(&'static str, Duration)>,
    /// Processor time of the process (all threads) during each stage, where known.
    pub cpu: Vec<(&'static str, Duration)>,
    /// Inner stages that ran beside the others of their outer stage rather than between them,
    /// with what they ran beside: their time overlaps the others'.
    pub beside: Vec<(&'static str, &'static str)>,
}

/// When a stage started, by the wall clock and the process's processor time.
#[derive(Clone, Copy, Debug)]
pub struct Start {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Start {
    pub fn now() -> Start {
        Start { wall: Instant::now(), cpu: process_cpu() }
    }
}

/// User and system time of this process so far, all threads (Linux only).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    // Clock ticks, which are hundredths of a second on Linux.
    Some(Duration::from_millis((utime + stime) * 10))
}

impl Timings {
    /// Runs `f`, recording its time under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let started = Start::now();
        let out = f();
        self.stop(stage, started);
        out
    }

    /// Records the time since `started` under `stage`.
    pub fn stop(&mut self, stage: &'static str, started: Start) {
        self.add(stage, started.wall.elapsed());
        if let (Some(then), Some(now)) = (started.cpu, process_cpu()) {
            let took = now.saturating_sub(then);
            match self.cpu.iter_mut().find(|(s, _)| *s == stage) {
                Some((_, d)) => *d += took,
                None => self.cpu.push((stage, took)),
            }
        }
    }

    /// Records `took` under `stage`, adding to what the stage already took.
    pub fn add(&mut self, stage: &'static str, took: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, d)) => *d += took,
            None => self.stages.push((stage, took)),
        }
    }

    /// Records `took` under `stage`, which ran beside `others` (see [`Timings::beside`]); the
    /// processor time is not told apart.
    pub fn add_beside(&mut self, stage: &'static str, others: &'static str, took: Duration) {
        self.add(stage, took);
        self.beside.push((stage, others));
    }

    /// These stages followed by `later`'s.
    pub fn then(mut self, later: Timings) -> Timings {
        for (stage, d) in later.stages {
            self.add(stage, d);
        }
        for (stage, d) in later.cpu {
            self.cpu.push((stage, d));
        }
        self.beside.extend(later.beside);
        self
    }

    pub fn get(&self, stage: &str) -> Option<Duration> {
        self.stages.iter().find(|(s, _)| *s == stage).map(|(_, d)| *d)
    }

    /// How many cores `stage` kept busy on average, where the processor time is known.
    pub fn cores(&self, stage: &str) -> Option<f64> {
        let cpu = self.cpu.iter().find(|(s, _)| *s == stage)?.1;
        let wall = self.get(stage)?;
        // Processor time is counted in hundredths: too coarse for a short stage.
        (wall >= Duration::from_millis(100)).then(|| cpu.as_secs_f64() / wall.as_secs_f64())
    }

    /// The sum of the top-level stages (those whose name has no `: `).
    pub fn total(&self) -> Duration {
        self.stages.iter().filter(|(s, _)| !s.contains(": ")).map(|(_, d)| *d).sum()
    }

    /// One line per stage, milliseconds aligned, inner stages indented under their outer one,
    /// with the share of the total and the cores used.
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
            let name = match self.beside.iter().find(|(s, _)| *s == stage) {
                Some((_, others)) => format!("{name} (beside {others})"),
                None => name.to_string(),
            };
            let share = if total.is_zero() { 0.0 } else { took.as_secs_f64() / total.as_secs_f64() * 100.0 };
            let width = 30 - indent.len();
            let cores = self.cores(stage).map_or(String::new(), |c| format!("  {c:.1} cores"));
            out.push_str(&format!(
                "{indent}{name:<width$} {:>9.1} ms {share:>5.1}%{cores}\n",
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
        assert_eq!(t.cores("write"), None, "too short to say");
    }

    #[test]
    fn processor_time_of_a_busy_stage_is_counted() {
        let mut t = Timings::default();
        t.time("spin", || {
            let started = Instant::now();
            let mut x = 0u64;
            while started.elapsed() < Duration::from_millis(300) {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        });
        if cfg!(target_os = "linux") {
            let cores = t.cores("spin").expect("known on Linux");
            // One thread spinning: about one core, less when the machine is shared. The count is
            // the whole process's, and other tests run in it meanwhile: at most every core.
            let all = std::thread::available_parallelism().map_or(1, usize::from) as f64;
            assert!(cores > 0.2 && cores < all + 0.5, "{cores}");
        }
    }
}
