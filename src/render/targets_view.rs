//! An indicator's targets as its page shows them: each with its milestone, its plan, and what
//! became of it.

use serde_json::{Value, json};

use super::context::Lang;
use super::format;
use super::views::{Index, milestone, op_text, plan_ref, unit_label};
use super::words;
use crate::assess::IndicatorAssessment;
use crate::assess::status::{Outcome, effective_date};
use crate::model::{Indicator, Target};

/// Each of an indicator's targets, in its order, with its outcome in words.
pub fn targets(lang: &Lang, ix: &Index, ind: &Indicator, a: &IndicatorAssessment) -> Vec<Value> {
    ind.targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let late = a.outcomes_met_late.get(i).copied().flatten();
            let earlier = a.earlier_years.get(i).map_or(&[][..], Vec::as_slice);
            // The cell is badged when any verdict it says rests on an illustrative figure.
            let illustrative = a.outcomes_illustrative.get(i).copied().unwrap_or(false)
                || late.is_some_and(|l| l.illustrative)
                || earlier.iter().any(|y| y.illustrative);
            let year = chrono::Datelike::year(&effective_date(t, ix.assessment.as_of.date));
            let label = |o: Outcome| words::target_outcome(lang, o, late.map(|l| l.date), earlier, year);
            target_json(lang, ix, ind, t, a.outcomes.get(i).map(|&o| (o, label(o), illustrative)))
        })
        .collect()
}

fn target_json(
    lang: &Lang,
    ix: &Index,
    ind: &Indicator,
    t: &Target,
    outcome: Option<(Outcome, String, bool)>,
) -> Value {
    let unit = unit_label(lang, ind);
    let (by, by_lang) = milestone(lang, ix, t);
    json!({
        "by": by,
        "by_lang": by_lang,
        "date": format::date(t.by.end(), lang.code),
        "text": op_text(t.op, t.value, unit, lang),
        "plan": t.plan.as_ref().map(|p| plan_ref(lang, ix, &p.value)),
        "framework": t.framework.as_ref().map(|f| json!({ "text": op_text(f.op, f.value, unit, lang), "note": f.note })),
        "every_year": t.every_year,
        "note": t.note,
        "source_ref": t.source_ref,
        "doc_lang": lang.doc_lang(),
        "outcome": outcome.map(|(o, label, illustrative)| {
            json!({ "key": o.as_str(), "label": label, "illustrative": illustrative })
        }),
    })
}
