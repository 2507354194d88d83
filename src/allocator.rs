//! Tuning of the C library's allocator for a program that draws frames.
//!
//! Each frame egui builds meshes of tens of thousands of vertices in fresh vectors and
//! drops them. With glibc's defaults the heap is trimmed back to the system after every
//! frame and large buffers are mapped and unmapped anew, so every frame pays page faults
//! and copies on growth. Keeping freed memory for reuse removes that (BENCHMARKS.md).

/// Asks glibc to keep up to 256 MiB of freed memory and to serve blocks of up to 64 MiB
/// from the heap. Call once, first thing in `main`, before other threads start.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_for_frames() {
    // SAFETY: mallopt only changes the allocator's parameters; it is called before any
    // other thread exists, as glibc requires for these settings.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
    }
}

/// Other systems' allocators keep their defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_for_frames() {}
