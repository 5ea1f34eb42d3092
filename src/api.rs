//! Server functions, a folder per area with a file per feature. Each one's first line asks the
//! guard (`auth/guard.rs`) who is calling; tests/integration/guards.rs fails for any registered
//! function it has not been told about.

pub mod account;
pub mod learner;
pub mod ops;
pub mod sync;
pub mod trainer;
