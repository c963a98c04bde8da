//! A query said in SQL, for the index: the same tree [`super::eval`] tests in memory, as a
//! condition on the index's `papers` table, with the functions that make SQL mean what lunwen
//! means (tags by name or label, case folding beyond ASCII, arXiv ids with or without version).
//! A test runs every term of the language both ways on the same papers.

use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::order::{Order, SortKey};
use super::{Compare, Flag, Node, NumberField, Query, Term};
use crate::model;
use crate::model::marks::MarkMap;

/// The query as an SQL condition on `papers p`, its values pushed onto `values` (numbered
/// after those already there); `1` for the query that matches everything.
pub fn condition(query: &Query, values: &mut Vec<Value>) -> String {
    let asked = query
        .root()
        .map_or_else(|| "1".to_string(), |node| sql_of(node, values));
    // As in memory, a hidden paper passes only a query that names `is:hidden`.
    if query.shows_hidden() {
        asked
    } else {
        format!("NOT lunwen_mark(p.key, 'hidden') AND ({asked})")
    }
}

/// A query node as an SQL condition on `papers p`, its values pushed onto `values` (numbered
/// after those already there). What SQL cannot say as lunwen means it (tags by name or label,
/// case folding beyond ASCII, arXiv ids with or without version) goes through the functions
/// [`register_functions`] gives the connection, so SQL and [`Query::matches`] always agree.
fn sql_of(node: &Node, values: &mut Vec<Value>) -> String {
    let mut value = |v: Value| {
        values.push(v);
        format!("?{}", values.len())
    };
    match node {
        Node::And(nodes) | Node::Or(nodes) => {
            let joiner = if matches!(node, Node::And(_)) {
                " AND "
            } else {
                " OR "
            };
            let parts: Vec<String> = nodes.iter().map(|n| sql_of(n, values)).collect();
            format!("({})", parts.join(joiner))
        }
        Node::Not(node) => format!("NOT ({})", sql_of(node, values)),
        Node::Term(term) => match term {
            Term::Text(words) => {
                let needle = value(words.text().to_string().into());
                format!(
                    "EXISTS (SELECT 1 FROM texts t WHERE t.id = p.id \
                     AND instr(t.search, {needle}) > 0)"
                )
            }
            // Each paper keeps every way of naming its tags, a line each: a search for a tag
            // is a look for its line, with no call back into Rust per paper.
            Term::Tag(folded) if folded.is_empty() => "0".to_string(),
            Term::Tag(folded) => {
                format!(
                    "instr(p.tag_keys, {}) > 0",
                    value(format!("\n{folded}\n").into())
                )
            }
            Term::Org(org) => {
                format!(
                    "lunwen_contains(p.organization, {})",
                    value(org.clone().into())
                )
            }
            // Keywords are kept folded, a line each: a part of one is a part of no line break.
            Term::Keyword(folded) if folded.is_empty() || folded.contains('\n') => "0".to_string(),
            Term::Keyword(folded) => {
                format!("instr(p.keywords, {}) > 0", value(folded.clone().into()))
            }
            Term::Id(id) => format!("lunwen_id(p.arxiv_id, {})", value(id.clone().into())),
            Term::Number(field, compare, number) => {
                let column = match field {
                    NumberField::Score => "p.score",
                    NumberField::Upvotes => "p.upvotes",
                    NumberField::Stars => "p.stars",
                };
                let op = match compare {
                    Compare::Equal => "=",
                    Compare::Greater => ">",
                    Compare::GreaterOrEqual => ">=",
                    Compare::Less => "<",
                    Compare::LessOrEqual => "<=",
                };
                // A paper without the number fails the test, negated or not, as in Rust.
                format!("coalesce({column} {op} {}, 0)", value((*number).into()))
            }
            Term::Date(from, to) => format!(
                "(p.date BETWEEN {} AND {})",
                value(date_text(*from).into()),
                value(date_text(*to).into())
            ),
            Term::Is(Flag::Featured) => "p.featured = 1".to_string(),
            Term::Is(Flag::Generated) => "p.generated = 1".to_string(),
            Term::Is(Flag::Unread) => "NOT lunwen_mark(p.key, 'read')".to_string(),
            Term::Is(flag) => format!("lunwen_mark(p.key, '{}')", mark_name(*flag)),
            Term::Label(folded) => {
                format!("lunwen_label(p.key, {})", value(folded.clone().into()))
            }
        },
    }
}

/// A date as the index writes it, `YYYY-MM-DD`; open ends of a range are clamped to years of
/// four digits so that they compare as text.
pub fn date_text(date: NaiveDate) -> String {
    let earliest = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    date.clamp(earliest, latest).format("%Y-%m-%d").to_string()
}

/// The order of papers as an SQL `ORDER BY` on `papers p`.
pub fn order_by(order: Order) -> &'static str {
    match (order.key, order.natural) {
        // The digest's order is the order of its papers: the index's own, so a query in that
        // order streams without sorting.
        (SortKey::Rank | SortKey::Date, true) => "p.date DESC, p.position",
        (SortKey::Rank, false) => "p.date ASC, p.position DESC",
        (SortKey::Date, false) => "p.date ASC, p.position",
        (SortKey::Score, true) => "p.score DESC NULLS LAST, p.date DESC, p.position",
        (SortKey::Score, false) => "p.score ASC NULLS LAST, p.date DESC, p.position",
        (SortKey::Upvotes, true) => "p.upvotes DESC NULLS LAST, p.date DESC, p.position",
        (SortKey::Upvotes, false) => "p.upvotes ASC NULLS LAST, p.date DESC, p.position",
        (SortKey::Stars, true) => "p.stars DESC NULLS LAST, p.date DESC, p.position",
        (SortKey::Stars, false) => "p.stars ASC NULLS LAST, p.date DESC, p.position",
        (SortKey::Momentum, true) => MOMENTUM_DOWN,
        (SortKey::Momentum, false) => MOMENTUM_UP,
    }
}

/// How much the upvotes (or stars) of paper `p` grew over the days `?1` to `?2` that a
/// select names: on each day it was listed, its count less its count the day it was last
/// listed before, added up (see [`crate::stats::gains`], which counts it from the index's
/// rows). A count missing on either day adds nothing.
macro_rules! grown {
    ($column:literal) => {
        concat!(
            "(SELECT coalesce(sum(q.",
            $column,
            " - (SELECT r.",
            $column,
            " FROM papers r WHERE r.key = q.key AND r.date < q.date \
             ORDER BY r.date DESC, r.position LIMIT 1)), 0) \
             FROM papers q WHERE q.key = p.key AND q.date BETWEEN ?1 AND ?2)"
        )
    };
}

/// Most grown first, by upvotes then stars.
const MOMENTUM_DOWN: &str = concat!(
    grown!("upvotes"),
    " DESC, ",
    grown!("stars"),
    " DESC, p.date DESC, p.position"
);
const MOMENTUM_UP: &str = concat!(
    grown!("upvotes"),
    " ASC, ",
    grown!("stars"),
    " ASC, p.date DESC, p.position"
);

/// The functions queries use in SQL, each the same code the reader runs in Rust.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("lunwen_contains", 2, flags, |ctx| {
        let text = ctx.get::<Option<String>>(0)?;
        let needle = ctx.get::<String>(1)?;
        Ok(text.is_some_and(|text| crate::query::filter::fold_case(&text).contains(&needle)))
    })?;
    conn.create_scalar_function("lunwen_id", 2, flags, |ctx| {
        let id = ctx.get::<Option<String>>(0)?;
        let query = ctx.get::<String>(1)?;
        Ok(model::id_matches(id.as_deref(), &query))
    })?;
    // Marks live in the user's data folder; until they are read in, nothing is marked.
    use_marks(conn, MarkMap::default())
}

/// The name [`use_marks`]'s `lunwen_mark` knows a flag of the user's by.
fn mark_name(flag: Flag) -> &'static str {
    match flag {
        Flag::Read | Flag::Unread => "read",
        Flag::Starred => "starred",
        Flag::Queued => "queued",
        Flag::Hidden => "hidden",
        Flag::Zotero => "zotero",
        Flag::Note => "note",
        // Facts of the paper, not the user's: never asked of `lunwen_mark`.
        Flag::Featured | Flag::Generated => "",
    }
}

/// Answer the user's marks, labels, notes and Zotero library in the queries that follow from
/// `marks`: `lunwen_mark(key, name)` and `lunwen_label(key, folded)`.
pub fn use_marks(conn: &Connection, marks: MarkMap) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let marks = Arc::new(marks);
    let labels = Arc::clone(&marks);
    conn.create_scalar_function("lunwen_mark", 2, flags, move |ctx| {
        let on = marks.on(ctx.get_raw(0).as_str().unwrap_or_default());
        Ok(match ctx.get_raw(1).as_str().unwrap_or_default() {
            "read" => on.mark.read,
            "starred" => on.mark.starred,
            "queued" => on.mark.queued,
            "hidden" => on.mark.hidden,
            "zotero" => on.zotero,
            "note" => on.note,
            _ => false,
        })
    })?;
    conn.create_scalar_function("lunwen_label", 2, flags, move |ctx| {
        let on = labels.on(ctx.get_raw(0).as_str().unwrap_or_default());
        Ok(on.has_label(ctx.get_raw(1).as_str().unwrap_or_default()))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Digest;
    use crate::query::filter::search_text;
    use crate::query::listing;
    use crate::storage::index::{Index, Select};
    use crate::storage::marks::Mark;
    use crate::storage::store::Store;

    fn day(text: &str) -> NaiveDate {
        model::parse_date(text).unwrap()
    }

    /// A query for each way of writing each term, and every flag. [`kind`] names the terms
    /// they cover, and a test checks that they cover all.
    const TERMS: [&str; 52] = [
        "模型",
        "diffusion",
        "\"world model\"",
        "tag:viral",
        "tag:FL",
        "tag:MR",
        "tag:\"frontier lab\"",
        "org:tencent",
        "org:école",
        "keyword:agent",
        "keyword:智能",
        "keyword:\"multi-agent rl\"",
        "id:2602.04634",
        "id:2602.04634v2",
        "score>60",
        "score=0",
        "upvotes>=84",
        "upvotes:84",
        "stars<100",
        "stars<=0",
        "score<40",
        "score>=70",
        "score<=55",
        "upvotes>100",
        "upvotes<20",
        "upvotes<=84",
        "stars=0",
        "stars>1000",
        "stars>=5",
        "date:2026-02",
        "date:2026-02-06",
        "date>=2026-02-06",
        "date>2026-02-06",
        "date<2026-03-01",
        "date<=2026-02-05",
        "date:1w",
        "date:yesterday",
        "date:2026",
        "is:featured",
        "is:read",
        "is:unread",
        "is:starred",
        "is:generated",
        "is:queued",
        "is:hidden",
        "-is:hidden",
        "is:zotero",
        "has:note",
        "label:to-read",
        "label:\"TO READ\" OR label:综述",
        "(tag:sl OR tag:viral) -强化",
        "-is:featured tag:viral OR org:tencent",
    ];

    /// What kind of term a term is: a new kind of term or flag does not compile here until it
    /// is named, and then [`TERMS`] must cover it.
    fn kind(term: &Term) -> String {
        match term {
            Term::Text(_) => "text".into(),
            Term::Tag(_) => "tag".into(),
            Term::Org(_) => "org".into(),
            Term::Keyword(_) => "keyword".into(),
            Term::Id(_) => "id".into(),
            Term::Number(field, compare, _) => {
                let field = match field {
                    NumberField::Score => "score",
                    NumberField::Upvotes => "upvotes",
                    NumberField::Stars => "stars",
                };
                let compare = match compare {
                    Compare::Equal => "=",
                    Compare::Greater => ">",
                    Compare::GreaterOrEqual => ">=",
                    Compare::Less => "<",
                    Compare::LessOrEqual => "<=",
                };
                format!("{field}{compare}")
            }
            Term::Date(..) => "date".into(),
            Term::Is(flag) => match flag {
                Flag::Featured => "is:featured",
                Flag::Read => "is:read",
                Flag::Unread => "is:unread",
                Flag::Starred => "is:starred",
                Flag::Generated => "is:generated",
                Flag::Queued => "is:queued",
                Flag::Hidden => "is:hidden",
                Flag::Zotero => "is:zotero",
                Flag::Note => "has:note",
            }
            .into(),
            Term::Label(_) => "label".into(),
        }
    }

    /// Three days of papers with a little of everything, in an index, and the marks on some.
    struct Papers {
        _dir: tempfile::TempDir,
        days: Vec<Digest>,
        index: Index,
        listing: listing::Listing,
        marks: MarkMap,
    }

    fn papers() -> Papers {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let sample = crate::storage::sample::digest();
        let mut days = Vec::new();
        for (n, date) in ["2026-02-05", "2026-02-06", "2026-03-01"]
            .iter()
            .enumerate()
        {
            let mut digest = sample.clone();
            digest.date = day(date);
            digest.papers.rotate_left(n);
            digest.papers[0].organization = Some("腾讯 ÉCOLE Tencent".into());
            digest.papers[1].upvotes = None;
            digest.papers[2].tags = vec!["Frontier Lab".into(), "Must Read".into()];
            digest.papers[3].keywords = vec!["Multi-Agent RL".into(), "智能体".into()];
            digest.papers[4].keywords = vec!["diffusion".into()];
            digest.papers[4].generated_by = Some("qwen-plus".into());
            digest.papers[5].score = Some(0.0);
            digest.papers[5].stars = Some(0);
            store.save(&digest).unwrap();
            days.push(digest);
        }
        let mut marks = MarkMap::default();
        for (n, paper) in sample.papers.iter().enumerate().step_by(3) {
            let mark = Mark {
                read: n % 2 == 0,
                starred: n % 3 == 0,
                queued: n % 4 == 0,
                hidden: n == 9,
                ..Mark::default()
            };
            marks.set(&paper.key(), mark);
        }
        let keys: Vec<String> = sample.papers.iter().map(|paper| paper.key()).collect();
        marks.set_labels(&keys[1], vec!["To Read".into(), "综述".into()]);
        marks.set_labels(&keys[2], vec!["to read".into()]);
        marks.set_notes([keys[2].clone(), keys[5].clone()].into());
        marks.set_zotero([keys[0].clone(), keys[4].clone()].into());
        let index = Index::open(&store).unwrap();
        index.use_marks(marks.clone()).unwrap();
        let listing = index.listing().unwrap();
        Papers {
            _dir: dir,
            days,
            index,
            listing,
            marks,
        }
    }

    /// The papers `text` finds in SQL, in a digest in memory, and in a listing.
    fn found(papers: &Papers, text: &str) -> [Vec<(NaiveDate, String)>; 3] {
        let query = Query::parse(text, day("2026-03-02")).unwrap();
        let mut in_sql = Vec::new();
        let select = Select {
            query: &query,
            from: day("2000-01-01"),
            to: day("2100-01-01"),
            order: Order::by(SortKey::Rank),
            limit: None,
        };
        papers
            .index
            .select(&select, |date, paper| {
                in_sql.push((date, paper.url));
                true
            })
            .unwrap();
        let mut in_rust = Vec::new();
        for digest in papers.days.iter().rev() {
            for paper in &digest.papers {
                let text = search_text(paper);
                let key = paper.key();
                let candidate = crate::query::Candidate {
                    paper,
                    date: digest.date,
                    text: &text,
                    marks: papers.marks.on(&key),
                };
                if query.matches(&candidate) {
                    in_rust.push((digest.date, paper.url.clone()));
                }
            }
        }
        let mut in_listing: Vec<(NaiveDate, String)> = papers
            .listing
            .items()
            .filter(|&item| {
                query.matches(&listing::Marked {
                    item,
                    marks: papers.marks.on(item.key()),
                })
            })
            .map(|item| (item.entry.date, item.url().into_owned()))
            .collect();
        in_sql.sort();
        in_rust.sort();
        in_listing.sort();
        [in_sql, in_rust, in_listing]
    }

    #[test]
    fn the_terms_cover_every_kind_of_term_and_flag() {
        let today = day("2026-03-02");
        let mut kinds: Vec<String> = TERMS
            .iter()
            .flat_map(|text| {
                let query = Query::parse(text, today).unwrap();
                query
                    .terms()
                    .into_iter()
                    .map(|(term, _)| kind(term))
                    .collect::<Vec<_>>()
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        let numbers = ["score", "upvotes", "stars"].len() * ["=", ">", ">=", "<", "<="].len();
        // text, tag, org, keyword, id, date, label, nine flags, and every comparison of each
        // number.
        assert_eq!(kinds.len(), 7 + 9 + numbers, "{kinds:?}");
    }

    #[test]
    fn every_term_selects_in_sql_what_it_matches_in_memory() {
        let papers = papers();
        let mut found_some = 0;
        for text in [""].iter().chain(&TERMS) {
            let [in_sql, in_rust, in_listing] = found(&papers, text);
            assert_eq!(in_sql, in_rust, "{text}");
            assert_eq!(in_listing, in_rust, "{text}");
            // One paper a day has each keyword and machine-made Chinese.
            if ["keyword:agent", "keyword:智能", "is:generated"].contains(text) {
                assert_eq!(in_rust.len(), 3, "{text}");
            }
            found_some += usize::from(!in_rust.is_empty());
        }
        // A term that finds nothing proves little: nearly all of them find something.
        assert!(found_some >= TERMS.len() - 2, "{found_some}");
    }

    #[test]
    fn a_hidden_paper_is_found_only_by_a_query_that_names_is_hidden() {
        let papers = papers();
        let all: usize = papers.days.iter().map(|d| d.papers.len()).sum();
        // One paper is hidden, and listed on each of the three days.
        for (text, count) in [
            ("", all - 3),
            ("is:hidden", 3),
            ("-is:hidden", all - 3),
            ("is:hidden OR -is:hidden", all),
            ("label:\"to read\"", 6),
            ("label:综述", 3),
            ("has:note", 6),
        ] {
            let [in_sql, in_rust, in_listing] = found(&papers, text);
            assert_eq!(in_rust.len(), count, "{text}");
            assert_eq!(in_sql, in_rust, "{text}");
            assert_eq!(in_listing, in_rust, "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Terms joined in any way (side by side, OR, -, parentheses) select alike both ways.
        #[test]
        fn any_query_of_the_terms_selects_alike_both_ways(
            parts in proptest::collection::vec(
                (0..TERMS.len(), 0..4u8, proptest::bool::ANY), 1..5
            )
        ) {
            let papers = PAPERS.with(|p| p.clone());
            let mut text = String::new();
            for (n, (term, join, negate)) in parts.iter().enumerate() {
                if n > 0 {
                    text.push_str(if *join == 0 { " OR " } else { " " });
                }
                let term = TERMS[*term];
                let group = *join == 1 || term.contains(' ');
                text.push_str(match (negate, group) {
                    (true, _) => "-(",
                    (false, true) => "(",
                    (false, false) => "",
                });
                text.push_str(term);
                if *negate || group {
                    text.push(')');
                }
            }
            let [in_sql, in_rust, in_listing] = found(&papers, &text);
            proptest::prop_assert_eq!(&in_sql, &in_rust, "{}", text);
            proptest::prop_assert_eq!(&in_listing, &in_rust, "{}", text);
        }
    }

    thread_local! {
        /// The papers, made once for all the cases of the property test.
        static PAPERS: std::rc::Rc<Papers> = std::rc::Rc::new(papers());
    }
}
