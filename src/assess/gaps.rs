//! The gaps in reporting that the plans ask to flag, said as warnings by every check and build.

use super::Assessment;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Site;

/// The reporting gaps the plans ask to flag, one warning per plan so that the list stays
/// readable: tasks with no report in the period, and tasks past their deadline.
pub fn reporting_warnings(site: &Site, a: &Assessment) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let period = &a.as_of.period;
    if !site.reports.iter().any(|r| &r.period.value == period) {
        out.push(Diagnostic {
            severity: Severity::Warning,
            file: None,
            range: None,
            message: format!("no progress has been reported for the period `{period}`"),
            help: Some(format!("create data/progress/{period}.toml (`minhbach new period` prepares it)")),
        });
        return out;
    }
    for (plan, tasks) in site.plans.iter().zip(&a.tasks) {
        let list = |pick: &dyn Fn(&super::TaskAssessment) -> bool| -> Vec<&str> {
            plan.tasks.iter().zip(tasks).filter(|(_, t)| pick(t)).map(|(task, _)| task.id.as_str()).collect()
        };
        let not_updated = list(&|t| t.flags.not_updated);
        if !not_updated.is_empty() {
            out.push(
                Diagnostic::warning(
                    &plan.span,
                    format!(
                        "{} task(s) of plan `{}` were not updated in {period}: {}",
                        not_updated.len(),
                        plan.id,
                        abbreviate(&not_updated)
                    ),
                )
                .with_help(format!(
                    "add a [[task]] with ref = \"{}/<task id>\" to data/progress/{period}.toml",
                    plan.id
                )),
            );
        }
        let overdue = list(&|t| t.flags.overdue);
        if !overdue.is_empty() {
            out.push(Diagnostic::warning(
                &plan.span,
                format!("{} task(s) of plan `{}` are overdue: {}", overdue.len(), plan.id, abbreviate(&overdue)),
            ));
        }
    }
    out
}

fn abbreviate(ids: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut s = ids.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        s.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    s
}
