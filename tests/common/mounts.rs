//! Folders lunwen cannot write to: a read-only bind mount of a folder, and a small tmpfs filled
//! to the last byte. Tests run as root, where file modes stop no write, so only a mount makes a
//! folder truly read-only or full. Where mounting is not allowed, the test says so and is
//! skipped; every mount is undone when dropped, a failing test's too.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A mount of the test's own, undone on drop.
pub struct Mount {
    point: TempDir,
    mounted: bool,
}

impl Mount {
    /// `dir` seen through a read-only bind mount: the same files, and no write succeeds.
    pub fn read_only(dir: &Path) -> Option<Mount> {
        let mount = Mount::at(&["--bind", &dir.display().to_string()])?;
        mount.mount(&["-o", "remount,bind,ro"]).then_some(mount)
    }

    /// A tmpfs of `size` (as `mount` takes it: `512k`), empty until it is filled.
    pub fn small(size: &str) -> Option<Mount> {
        Mount::at(&["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
    }

    fn at(args: &[&str]) -> Option<Mount> {
        let mut mount = Mount {
            point: TempDir::new().unwrap(),
            mounted: false,
        };
        mount.mounted = mount.mount(args);
        mount.mounted.then_some(mount)
    }

    fn mount(&self, args: &[&str]) -> bool {
        let out = Command::new("mount").args(args).arg(self.path()).output();
        match out {
            Ok(out) if out.status.success() => true,
            Ok(out) => {
                eprintln!(
                    "note: skipped, as `mount {}` is not allowed here: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                false
            }
            Err(err) => {
                eprintln!("note: skipped, as there is no `mount` to run: {err}");
                false
            }
        }
    }

    pub fn path(&self) -> &Path {
        self.point.path()
    }

    /// Fill every byte left free with a file of zeros.
    pub fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut file = fs::File::create(&filler).unwrap();
        for chunk in [64 * 1024, 4096, 1] {
            let zeros = vec![0u8; chunk];
            while file.write_all(&zeros).and_then(|()| file.flush()).is_ok() {}
        }
        let _ = file.sync_all();
        filler
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        if !self.mounted {
            return;
        }
        let point = self.path().to_path_buf();
        let undone = Command::new("umount")
            .arg(&point)
            .status()
            .is_ok_and(|s| s.success());
        if !undone {
            // A process still inside (a reader being killed) keeps it busy: detach it now,
            // and the kernel lets go once the last file is closed.
            let _ = Command::new("umount").arg("-l").arg(&point).status();
        }
    }
}

/// Copy a folder and everything in it.
pub fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_folder(&path, &to.join(entry.file_name()));
        } else {
            fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
