//! Watchlists: a name and a query the user keeps in the config file (`[[watch]]`), counted,
//! listed and followed as any search is.

use chrono::NaiveDate;

use super::{Query, QueryError};

/// One `[[watch]]`: what the user calls it, and the query that finds its papers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    pub name: String,
    /// The query as written; parsed again where it is used, so that `date:7d` counts from
    /// the day it is asked.
    pub query: String,
}

impl Watch {
    /// The watch's query, its relative dates counted from `today`.
    pub fn parsed(&self, today: NaiveDate) -> Result<Query, QueryError> {
        Query::parse(&self.query, today)
    }
}

/// The watch called `name`, or an error naming the watches there are.
pub fn named<'a>(watches: &'a [Watch], name: &str) -> Result<&'a Watch, String> {
    if let Some(watch) = watches.iter().find(|w| w.name == name) {
        return Ok(watch);
    }
    let quoted = crate::error::quote(name);
    Err(match watches {
        [] => format!(
            "no watch is called {quoted}: the config file has no [[watch]] (name = \"agents\", \
             query = \"agent OR 智能体\")"
        ),
        _ => format!(
            "no watch is called {quoted}; the watches are {}",
            watches
                .iter()
                .map(|w| crate::error::quote(&w.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watch(name: &str, query: &str) -> Watch {
        Watch {
            name: name.into(),
            query: query.into(),
        }
    }

    #[test]
    fn a_watch_is_found_by_its_name_or_the_names_are_listed() {
        let watches = [watch("agents", "agent"), watch("扩散", "diffusion")];
        assert_eq!(named(&watches, "扩散").unwrap().query, "diffusion");
        let err = named(&watches, "robots").unwrap_err();
        assert_eq!(
            err,
            "no watch is called \"robots\"; the watches are \"agents\", \"扩散\""
        );
        assert!(named(&[], "x").unwrap_err().contains("no [[watch]]"));
    }
}
