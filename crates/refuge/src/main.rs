//! The `refuge` binary: command line, configuration, wiring and shutdown. The only place that
//! reads the environment and files, and picks the storage backend.

mod cli;
mod config;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    return_large_buffers_to_the_os();
    keep_secrets_in_this_process();
    let arguments = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("refuge: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(cli::run(arguments)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("refuge: {:#}", failure.error);
            ExitCode::from(failure.exit_code)
        }
    }
}

/// glibc raises its mmap threshold each time a large block is freed (up to 32 MiB), after which
/// blocks of that size come from the heap and stay resident once freed. Evidence files are
/// cleaned in buffers of up to the file size, so without a fixed threshold the process keeps the
/// largest few forever (measured: peak RSS 85 to 130 MiB for the same 8 × 20 MB uploads). A fixed
/// threshold makes every buffer of 1 MiB or more its own mapping, returned to the OS when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_buffers_to_the_os() {
    // SAFETY: mallopt only sets an allocator parameter; it is called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_buffers_to_the_os() {}

/// SECURITY: every file Refuge creates is for its own user only (the database, its journal, the
/// blobs), whatever the umask it was started with; and the process never dumps its memory —
/// which holds staff keys and report text while requests run — to a core file, nor lets another
/// process of the same user read it through `/proc` (security review L4, L9).
#[cfg(unix)]
fn keep_secrets_in_this_process() {
    // SAFETY: these calls only change process attributes; they run before any thread exists.
    unsafe {
        libc::umask(0o077);
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

#[cfg(not(unix))]
fn keep_secrets_in_this_process() {}
