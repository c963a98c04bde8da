//! The shape of the code that keeps it easy to change: the modules of `src/` import one another
//! without a cycle, and the reader's model imports nothing from its drawing code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module as the path of names from the crate root (`["tui", "app"]`).
type Module = Vec<String>;

fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(name);
            modules(&path, &inner, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let mut module = prefix.to_vec();
            match stem {
                "mod" => {}
                "lib" if prefix.is_empty() => {}
                "main" if prefix.is_empty() => continue,
                _ => module.push(stem.to_string()),
            }
            out.insert(module, path);
        }
    }
}

/// The paths named by the `use` items of a file's own code (its tests left out).
fn used_paths(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("\nuse ").or_else(|| rest.find("\npub use ")) {
        let item = &rest[at..];
        let start = item.find("use ").unwrap() + 4;
        let end = item.find(';').unwrap();
        expand(item[start..end].trim(), "", &mut paths);
        rest = &item[end..];
    }
    paths
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree: String = tree.split_whitespace().collect();
    match tree.find('{') {
        None => out.push(format!("{prefix}{tree}")),
        Some(open) => {
            let head = &tree[..open];
            let inner = &tree[open + 1..tree.len() - 1];
            let mut depth = 0;
            let mut part = String::new();
            for c in inner.chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !part.is_empty() {
                            expand(&part, &format!("{prefix}{head}"), out);
                        }
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                part.push(c);
            }
        }
    }
}

/// The module a `use` path lands in, from the module `from`.
fn resolve(
    path: &str,
    from: &Module,
    is_mod_file: bool,
    known: &BTreeMap<Module, PathBuf>,
) -> Option<Module> {
    let mut segments = path.split("::").map(str::to_string);
    let first = segments.next()?;
    let mut module: Module = match first.as_str() {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => {
            // In `x/mod.rs` or `x.rs` alike, `super` is the parent of module `x`.
            let _ = is_mod_file;
            let mut parent = from.clone();
            parent.pop();
            parent
        }
        _ => return None,
    };
    for segment in segments {
        if segment == "super" {
            module.pop();
            continue;
        }
        let mut deeper = module.clone();
        deeper.push(segment);
        if known.contains_key(&deeper) {
            module = deeper;
        } else {
            break;
        }
    }
    Some(module)
}

fn import_graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mut known = BTreeMap::new();
    modules(Path::new("src"), &[], &mut known);
    let mut graph = BTreeMap::new();
    for (module, file) in &known {
        let source = std::fs::read_to_string(file).unwrap();
        let is_mod_file = file.ends_with("mod.rs");
        let edges: BTreeSet<Module> = used_paths(&source)
            .iter()
            .filter_map(|path| resolve(path, module, is_mod_file, &known))
            .filter(|target| target != module)
            .collect();
        graph.insert(module.clone(), edges);
    }
    graph
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

#[test]
fn the_modules_import_one_another_without_a_cycle() {
    let graph = import_graph();
    assert!(
        graph.len() > 20,
        "the walk found the modules: {:?}",
        graph.keys()
    );
    // Depth-first search; a module met again while it is on the path closes a cycle.
    fn visit(
        module: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) {
        if done.contains(module) {
            return;
        }
        if let Some(at) = path.iter().position(|m| m == module) {
            let cycle: Vec<String> = path[at..].iter().chain([module]).map(name).collect();
            panic!("the imports form a cycle: {}", cycle.join(" → "));
        }
        path.push(module.clone());
        for next in graph.get(module).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(module.clone());
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_model_imports_nothing_from_the_drawing_code() {
    let graph = import_graph();
    let tui = |m: &Module| m.first().is_some_and(|first| first == "tui");
    // Drawing: the screen's composition and painting, the theme, and each feature's drawing.
    let drawing = |m: &Module| {
        tui(m)
            && matches!(
                m.last().map(String::as_str),
                Some("ui" | "paint" | "theme" | "draw" | "help" | "popup" | "status")
            )
    };
    // The model: the router, the messages, the effects and their runner, the geometry, and
    // each feature's state and update.
    let model = |m: &Module| {
        tui(m)
            && (matches!(
                m.get(1).map(String::as_str),
                Some("app" | "action" | "effect" | "effects" | "geometry" | "command")
            ) || matches!(m.last().map(String::as_str), Some("update")))
    };
    let models: Vec<&Module> = graph.keys().filter(|m| model(m)).collect();
    assert!(models.len() > 10, "{models:?}");
    for module in models {
        let drawn: Vec<String> = graph[module]
            .iter()
            .filter(|m| drawing(m))
            .map(name)
            .collect();
        assert!(drawn.is_empty(), "{} imports {drawn:?}", name(module));
    }
}

/// Each feature of the reader is a folder whose state (its `mod.rs`) needs neither the router
/// nor another feature's update: what a feature does to the others goes through the router.
#[test]
fn a_feature_s_state_imports_no_router_and_no_other_feature_s_update() {
    let graph = import_graph();
    let features = [
        "days", "list", "detail", "filter", "reading", "sync", "overlays",
    ];
    for feature in features {
        let state: Module = vec!["tui".to_string(), feature.to_string()];
        let uses = &graph[&state];
        let wrong: Vec<String> = uses
            .iter()
            .filter(|m| {
                m.get(1)
                    .is_some_and(|second| second == "app" || second == "action")
                    || m.last().is_some_and(|last| last == "update")
            })
            .map(name)
            .collect();
        assert!(wrong.is_empty(), "tui::{feature} imports {wrong:?}");
    }
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let mut known = BTreeMap::new();
    known.insert(vec!["a".to_string()], PathBuf::from("a.rs"));
    known.insert(vec!["b".to_string()], PathBuf::from("b.rs"));
    let paths = used_paths("//! a\n\nuse crate::b::{Thing, other::{X}};\nuse super::Y;\n");
    assert_eq!(paths, ["crate::b::Thing", "crate::b::other::X", "super::Y"]);
    assert_eq!(
        resolve(&paths[0], &vec!["a".to_string()], false, &known),
        Some(vec!["b".to_string()])
    );
    assert_eq!(
        resolve("super::Y", &vec!["a".to_string()], false, &known),
        Some(vec![])
    );
}

/// The README's table of keys follows the command table: every command's keys are in it, as
/// the README writes keys (`↓` for Down, `PgDn` for PageDown, `Ctrl-Z` for Ctrl-z).
#[test]
fn the_readme_lists_every_key_of_the_command_table() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("### Keys").expect("the README has a key table");
    let table = &readme[start..];
    let table = &table[..table[1..].find("\n### ").map_or(table.len(), |end| end + 1)];
    for command in lunwen::tui::command::Command::ALL {
        for key in command.default_keys() {
            let written = match *key {
                "Down" => "↓".to_string(),
                "Up" => "↑".to_string(),
                "PageDown" => "PgDn".to_string(),
                "PageUp" => "PgUp".to_string(),
                key if key.starts_with("Ctrl-") => format!("`Ctrl-{}`", key[5..].to_uppercase()),
                "Home" | "End" => key.to_string(),
                key => format!("`{key}`"),
            };
            assert!(
                table.contains(&written),
                "the README's key table lacks {written} ({})",
                command.name()
            );
        }
    }
}
