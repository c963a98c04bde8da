use lunwen::index::Index;
use lunwen::store::Store;
use std::time::Instant;
fn rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .collect::<Vec<_>>()
        .join(" ")
}
fn main() {
    let dir = std::path::PathBuf::from("/tmp/tenyear");
    let store = Store::new(&dir);
    if !dir.join("digests").exists() {
        let sample = lunwen::sample::digest();
        let mut day = sample.date;
        for d in 0..3650u32 {
            let mut digest = sample.clone();
            digest.date = day;
            for (i, p) in digest.papers.iter_mut().enumerate() {
                let id = format!(
                    "{:04}.{:05}",
                    2602 - (d / 30) % 100,
                    (d * 12 + i as u32) % 100000
                );
                p.arxiv_id = Some(id.clone());
                p.url = format!("https://arxiv.org/abs/{id}");
                p.upvotes = Some(((d * 7 + i as u32 * 13) % 500) as u64);
            }
            store.save(&digest).unwrap();
            day = day.pred_opt().unwrap();
        }
    }
    let bytes: u64 = std::fs::read_dir(dir.join("digests"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum();
    println!("json bytes {bytes}");
    let t = Instant::now();
    let index = Index::open(&store).unwrap();
    println!("index open (build?) {:?} {}", t.elapsed(), rss());
    let t = Instant::now();
    let index2 = Index::open(&store).unwrap();
    println!("index open warm {:?}", t.elapsed());
    drop(index2);
    let t = Instant::now();
    let rows = index.listing().unwrap();
    println!("rows {} in {:?} {}", rows.len(), t.elapsed(), rss());
    let text: usize = rows.items().map(|r| r.text().len()).sum();
    println!("listing bytes {}", rows.bytes());
    println!("text bytes {text}");
    raw(&dir.join("index.sqlite"));
    for q in ["模", "d", "diffusion", "模型", "强化学习"] {
        let finder = memchr::memmem::Finder::new(q.as_bytes());
        let t = Instant::now();
        let n = rows
            .items()
            .filter(|r| finder.find(r.text().as_bytes()).is_some())
            .count();
        println!("{q}: {n} in {:?}", t.elapsed());
    }
}
#[allow(dead_code)]
fn raw(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let t = Instant::now();
    let mut st = conn.prepare("SELECT date, position, rank, featured, title_zh, title_en, url, arxiv_id, organization, score, tags, upvotes, stars, search FROM papers ORDER BY date DESC, position").unwrap();
    let mut rows = st.query([]).unwrap();
    let mut total = 0usize;
    let mut buf = String::new();
    while let Some(row) = rows.next().unwrap() {
        for i in [4usize, 5, 6, 7, 8, 10, 13] {
            if let Ok(s) = row.get_ref(i).unwrap().as_str() {
                buf.push_str(s);
                total += s.len();
            }
        }
    }
    println!("raw scan {:?} {total}", t.elapsed());
    let t = Instant::now();
    let mut st = conn
        .prepare("SELECT date, position, search FROM papers")
        .unwrap();
    let mut rows = st.query([]).unwrap();
    let mut n = 0;
    while let Some(row) = rows.next().unwrap() {
        n += row.get_ref(2).unwrap().as_str().unwrap().len();
    }
    println!("raw scan unordered search only {:?} {n}", t.elapsed());
}
