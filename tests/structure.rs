//! The shape of the code that keeps it easy to change: the folders of `src/` stand on floors,
//! each importing only from its own floor and those below (text and model ← formats, query,
//! storage ← sync, summaries, tui ← config ← cli); only the command line reads the config
//! file; neither the modules nor the folders import one another in a cycle; and the reader's
//! model imports nothing from its drawing code.

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

/// The paths a file's own code names (its tests and comments left out): those of its `use`
/// items, then every other `crate::…` path written in the code.
fn used_paths(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| format!("\n{line}"))
        .collect();
    let mut paths = Vec::new();
    let mut other = String::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("\nuse ").or_else(|| rest.find("\npub use ")) {
        other.push_str(&rest[..at]);
        let item = &rest[at..];
        let start = item.find("use ").unwrap() + 4;
        let end = item.find(';').unwrap();
        expand(item[start..end].trim(), "", &mut paths);
        rest = &item[end..];
    }
    other.push_str(rest);
    let mut rest = other.as_str();
    while let Some(at) = rest.find("crate::") {
        let path: String = rest[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        rest = &rest[at + path.len()..];
        paths.push(path.trim_end_matches(':').to_string());
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
    assert_eq!(cycle(&graph), None, "the imports form a cycle");
}

/// The floors of `src/`, lowest first: a top-level folder (or file) imports only from its own
/// floor and those below. Every top-level module stands on one.
const FLOORS: [&[&str]; 7] = [
    &["text"],
    &["error", "file", "model"],
    &["formats", "query", "storage"],
    &["sync", "summaries", "stats", "tui"],
    &["config"],
    &["cli"],
    // The binary's `main.rs` stands above them all.
    &[],
];

/// The top-level folder (or file) a module is in; `None` for the crate root.
fn folder(module: &Module) -> Option<&str> {
    module.first().map(String::as_str)
}

fn floor(folder: &str) -> Option<usize> {
    FLOORS.iter().position(|names| names.contains(&folder))
}

/// What a graph of modules breaks of the floors: each import from a higher floor, each import
/// of `config` from outside the command line, each top-level module on no floor.
fn floor_breaches(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    let mut breaches = Vec::new();
    for (module, uses) in graph {
        let Some(from) = folder(module) else { continue };
        let Some(from_floor) = floor(from) else {
            breaches.push(format!("{from} stands on no floor"));
            continue;
        };
        for used in uses {
            let Some(to) = folder(used).filter(|to| *to != from) else {
                continue;
            };
            if floor(to).is_some_and(|to_floor| to_floor > from_floor) {
                breaches.push(format!(
                    "{} imports {}, a floor up",
                    name(module),
                    name(used)
                ));
            }
            if to == "config" && from != "cli" {
                breaches.push(format!(
                    "{} imports {}: only cli reads the config",
                    name(module),
                    name(used)
                ));
            }
        }
    }
    breaches.sort();
    breaches.dedup();
    breaches
}

/// The imports between top-level folders (and files), each folder as one node.
fn folder_graph(graph: &BTreeMap<Module, BTreeSet<Module>>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut folders: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, uses) in graph {
        let Some(from) = folder(module) else { continue };
        let edges = folders.entry(vec![from.to_string()]).or_default();
        for used in uses {
            if let Some(to) = folder(used).filter(|to| *to != from) {
                edges.insert(vec![to.to_string()]);
            }
        }
    }
    folders
}

/// A cycle in `graph`, as the names along it, if there is one.
fn cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<String> {
    // Depth-first search; a module met again while it is on the path closes a cycle.
    fn visit(
        module: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<String> {
        if done.contains(module) {
            return None;
        }
        if let Some(at) = path.iter().position(|m| m == module) {
            let cycle: Vec<String> = path[at..].iter().chain([module]).map(name).collect();
            return Some(cycle.join(" → "));
        }
        path.push(module.clone());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|module| visit(module, graph, &mut Vec::new(), &mut done))
}

#[test]
fn each_folder_imports_only_from_its_floor_and_below() {
    let graph = import_graph();
    assert_eq!(floor_breaches(&graph), Vec::<String>::new());
    let folders = folder_graph(&graph);
    assert!(
        folders.len() >= 12,
        "the walk found the folders: {:?}",
        folders.keys()
    );
    assert_eq!(
        cycle(&folders),
        None,
        "the folders import one another in a cycle"
    );
}

#[test]
fn the_floor_check_sees_a_breach_and_a_cycle_of_folders() {
    let module = |path: &str| -> Module { path.split("::").map(str::to_string).collect() };
    let mut graph = BTreeMap::new();
    graph.insert(
        module("storage::index"),
        BTreeSet::from([module("sync::run")]),
    );
    graph.insert(
        module("sync::run"),
        BTreeSet::from([module("storage::store")]),
    );
    graph.insert(module("storage::store"), BTreeSet::new());
    graph.insert(module("tui::effects"), BTreeSet::from([module("config")]));
    graph.insert(module("cli::sync"), BTreeSet::from([module("config")]));
    graph.insert(module("config"), BTreeSet::new());
    graph.insert(module("plugins::x"), BTreeSet::new());
    assert_eq!(
        floor_breaches(&graph),
        [
            "plugins stands on no floor",
            "storage::index imports sync::run, a floor up",
            "tui::effects imports config, a floor up",
            "tui::effects imports config: only cli reads the config",
        ]
    );
    // No two files import each other, yet the folders storage and sync do.
    assert_eq!(cycle(&graph), None);
    assert_eq!(
        cycle(&folder_graph(&graph)).as_deref(),
        Some("storage → sync → storage")
    );
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
        "days", "list", "detail", "filter", "reading", "notes", "sync", "overlays", "watch",
        "board",
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

/// The READMEs' tables of keys follow the command table: every command's keys are in them, as
/// the READMEs write keys (`↓` for Down, `PgDn` for PageDown, `Ctrl-Z` for Ctrl-z).
#[test]
fn the_readmes_list_every_key_of_the_command_table() {
    for (file, heading) in [
        ("README.md", "### Keys"),
        ("README.zh-CN.md", "## 阅读器的按键"),
    ] {
        let readme = std::fs::read_to_string(file).unwrap();
        let start = readme.find(heading).expect("the README has a key table");
        let table = &readme[start..];
        let table = &table[..table[1..].find("\n#").map_or(table.len(), |end| end + 1)];
        keys_are_in(table, file);
    }
}

/// The Chinese README's table of commands names every command the README's does.
#[test]
fn the_chinese_readme_names_every_command_of_the_readme() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let chinese = std::fs::read_to_string("README.zh-CN.md").unwrap();
    let commands: Vec<&str> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| `lunwen "))
        .filter_map(|rest| rest.split([' ', '`']).next())
        .collect();
    assert!(commands.contains(&"label"), "{commands:?}");
    for command in commands {
        let named = format!("| `lunwen {command}");
        assert!(chinese.contains(&named), "README.zh-CN.md lacks {named}");
    }
}

fn keys_are_in(table: &str, file: &str) {
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
                "{file}'s key table lacks {written} ({})",
                command.name()
            );
        }
    }
}

/// Every program a test starts runs in the environment `tests/common/env.rs` makes: nothing of
/// the user's (a `config.toml` that rebinds keys, `$BROWSER`, `LUNWEN_*`) changes a result.
#[test]
fn every_test_starts_lunwen_and_tmux_in_an_environment_of_its_own() {
    let mut strays = Vec::new();
    for entry in walk(Path::new("tests")) {
        if entry.ends_with("common/env.rs") || entry.ends_with("structure.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&entry).unwrap();
        for (n, line) in source.lines().enumerate() {
            // The binary named by its path (`common::tmux::lunwen`) as much as by its
            // variable.
            let starts_lunwen = line.contains("Command::new")
                && (line.contains("CARGO_BIN_EXE_lunwen")
                    || line.contains("Command::new(lunwen())"));
            let starts_tmux = line.contains("Command::new(\"tmux\")")
                && !source.contains("env::hermetic(&mut tmux)");
            if starts_lunwen || starts_tmux {
                strays.push(format!("{}:{}: {}", entry.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        strays.is_empty(),
        "start these through common::env:\n{}",
        strays.join("\n")
    );
}

/// The `.rs` files under `dir`, at any depth.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}
