//! The report as one self-contained HTML page: no scripts, no fonts or images from
//! anywhere, the chart drawn as inline SVG, so it opens and prints anywhere offline.

use std::fmt::Write as _;

use super::{Figures, VERDICTS};
use crate::html::escape;
use crate::text::clean;
use crate::tree::Verdict;

const CSS: &str = "body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.1em; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; padding-bottom: .15em; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .15em .8em .15em 0; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.key span { display: inline-block; width: .9em; height: .9em; margin: 0 .3em 0 1em; vertical-align: -.1em; }
.note { color: #444; font-size: .9em; }
code { font-family: 'DejaVu Sans Mono', Menlo, monospace; font-size: .9em; }
h1, h2, p, th, td, code { overflow-wrap: anywhere; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } }
";

/// Fill colours of the four verdicts, as in record exports.
fn colour(v: Verdict) -> &'static str {
    match v {
        Verdict::Go => "#2e7d32",
        Verdict::GoWithConditions => "#ef6c00",
        Verdict::GetAdvice => "#1565c0",
        Verdict::DoNotShare => "#c62828",
    }
}

/// "2026-10" as people write it: "October 2026".
fn month_name(key: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
        .map_or_else(|_| key.to_owned(), |d| d.format("%B %Y").to_string())
}

/// The report as a page, made on `made_on` (said on top, with the period).
pub fn render(f: &Figures, made_on: chrono::NaiveDate) -> String {
    let e = |t: &str| escape(&clean(t));
    let mut out = String::new();
    let title = if f.members > 1 {
        format!("Sharing decisions across {} members", f.members)
    } else {
        "Sharing decisions: report for the data-protection lead".to_owned()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        e(&title),
        e(&title)
    );
    let period = match (f.from, f.to) {
        (Some(a), Some(b)) => format!("from {} to {}", a.format("%-d %B %Y"), b.format("%-d %B %Y")),
        (Some(a), None) => format!("from {}", a.format("%-d %B %Y")),
        (None, Some(b)) => format!("up to {}", b.format("%-d %B %Y")),
        (None, None) => "every decision kept".to_owned(),
    };
    let _ = writeln!(
        out,
        "<p class=\"note\">Made on {}.</p>\n<p>{} decision{} ({}). This page holds no names, no answers and no references: it can be sent to the \
         association as it is.</p>",
        made_on.format("%-d %B %Y"),
        f.decisions,
        if f.decisions == 1 { "" } else { "s" },
        e(&period)
    );

    let _ = writeln!(out, "<h2>Decisions per month</h2>");
    out.push_str(&chart(f));
    let _ = write!(out, "<p class=\"key\">");
    for v in VERDICTS {
        let _ = write!(out, "<span style=\"background:{}\"></span>{} {}", colour(v), e(v.symbol()), e(v.word()));
    }
    let _ = writeln!(out, "</p>");
    let _ = writeln!(out, "<table>\n<tr><th>Month</th>");
    for v in VERDICTS {
        let _ = write!(out, "<th class=\"n\">{}</th>", e(v.word()));
    }
    let _ = writeln!(out, "<th class=\"n\">All</th></tr>");
    for (month, counts) in &f.by_month {
        let _ = write!(out, "<tr><td>{}</td>", e(&month_name(month)));
        for n in counts {
            let _ = write!(out, "<td class=\"n\">{n}</td>");
        }
        let _ = writeln!(out, "<td class=\"n\">{}</td></tr>", counts.iter().sum::<u64>());
    }
    let _ = writeln!(out, "</table>");

    // Breaches and other checks with verdicts of their own: in their words, apart.
    for (q, words) in &f.in_own_words {
        let total: u64 = words.values().sum();
        let _ = writeln!(out, "<h2>{}: {total} in all</h2>\n<table>", e(q));
        for (word, n) in words {
            let _ = writeln!(out, "<tr><td class=\"n\">{n}</td><td>{}</td></tr>", e(word));
        }
        let _ = writeln!(
            out,
            "</table>\n<p class=\"note\">These are counted in the verdicts above too, on the common scale; their \
             warnings (such as a deadline passed) are among the warnings below.</p>"
        );
    }

    let _ = writeln!(out, "<h2>Warnings raised most</h2>");
    let top = f.top_warnings(10);
    if top.is_empty() {
        let _ = writeln!(out, "<p>None.</p>");
    } else {
        let _ = writeln!(out, "<table>");
        for (text, n) in top {
            let _ = writeln!(out, "<tr><td class=\"n\">{n}</td><td>{}</td></tr>", e(text));
        }
        let _ = writeln!(out, "</table>");
    }
    if f.warnings_unknown > 0 {
        let _ = writeln!(
            out,
            "<p class=\"note\">{} older record{} saved before sharecheck 0.2 are not in these warning counts.</p>",
            f.warnings_unknown,
            if f.warnings_unknown == 1 { " was" } else { "s were" }
        );
    }

    let _ = writeln!(out, "<h2>Questionnaires used</h2>\n<table>");
    for (q, n) in &f.questionnaires {
        let _ = writeln!(out, "<tr><td class=\"n\">{n}</td><td>{}</td></tr>", e(q));
    }
    let _ = writeln!(out, "</table>");

    let _ = writeln!(out, "<h2>Review and keeping</h2>\n<table>");
    for (label, n) in [
        ("Signed off by a reviewer", f.reviewed),
        ("Not yet reviewed", f.not_reviewed),
        ("Corrections of an earlier record", f.amended),
        ("Past their keep-until date, due for deletion", f.due_for_deletion),
    ] {
        let _ = writeln!(out, "<tr><td>{}</td><td class=\"n\">{n}</td></tr>", e(label));
    }
    let _ = writeln!(out, "</table>");
    if !f.seals.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Ledger seal{}</h2>\n<p class=\"note\">Each shop's records can later be checked against its seal with \
             <code>sharecheck records verify --seal</code>.</p>\n<p>",
            if f.seals.len() == 1 { "" } else { "s" }
        );
        let seals: Vec<String> = f.seals.iter().map(|s| format!("<code>{}</code>", e(s))).collect();
        let _ = writeln!(out, "{}</p>", seals.join("<br>\n"));
    }
    let _ =
        writeln!(out, "<p class=\"note\">Made with sharecheck {}.</p>\n</body>\n</html>", env!("CARGO_PKG_VERSION"));
    out
}

/// "2026-10" under a bar: "Oct 2026".
fn short_month(key: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
        .map_or_else(|_| key.to_owned(), |d| d.format("%b %Y").to_string())
}

/// Stacked bars, one per month, in verdict order from the bottom, with ticks on the
/// count axis.
fn chart(f: &Figures) -> String {
    let months: Vec<(&String, &[u64; 4])> = f.by_month.iter().collect();
    let (width, height, left, bottom) = (640.0_f64, 220.0_f64, 36.0_f64, 24.0_f64);
    let most = months.iter().map(|(_, c)| c.iter().sum::<u64>()).max().unwrap_or(0).max(1) as f64;
    let plot = height - bottom - 8.0;
    let slot = (width - left) / months.len().max(1) as f64;
    let bar = (slot * 0.7).min(40.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Decisions per month by verdict\">\n"
    );
    let _ = writeln!(
        svg,
        "<line x1=\"{left}\" y1=\"{0}\" x2=\"{width}\" y2=\"{0}\" stroke=\"#111\"/>\n<text x=\"{1}\" y=\"{2}\" font-size=\"10\" text-anchor=\"end\">{3}</text>\n<text x=\"{1}\" y=\"{0}\" font-size=\"10\" text-anchor=\"end\">0</text>",
        height - bottom,
        left - 4.0,
        height - bottom - plot + 4.0,
        most as u64
    );
    // Ticks between 0 and the top: whole numbers, at most four.
    let top = most as u64;
    let step = top.div_ceil(4).max(1);
    for tick in (step..top).step_by(step as usize) {
        let y = height - bottom - plot * tick as f64 / most;
        let _ = writeln!(
            svg,
            "<line x1=\"{0}\" y1=\"{y:.1}\" x2=\"{left}\" y2=\"{y:.1}\" stroke=\"#111\"/>\n<text x=\"{1}\" y=\"{2:.1}\" font-size=\"10\" text-anchor=\"end\">{tick}</text>",
            left - 3.0,
            left - 4.0,
            y + 3.5
        );
    }
    let every = months.len().div_ceil(12).max(1);
    for (i, (month, counts)) in months.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let mut y = height - bottom;
        for (v, n) in VERDICTS.iter().zip(counts.iter()) {
            if *n == 0 {
                continue;
            }
            let h = plot * *n as f64 / most;
            y -= h;
            let _ = writeln!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{} {}: {n}</title></rect>",
                colour(*v),
                escape(&month_name(month)),
                escape(v.word())
            );
        }
        if i % every == 0 {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                height - 8.0,
                escape(&short_month(month))
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}
