//! Every #[island]: the only parts of a page that ship wasm to the browser, loaded by
//! `layout::IslandsRuntime` on the pages that have one. Keep them small, and never put one on a
//! page a learner meets first over 2G (sign-in, sign-up, reset, PIN): those stay under 30 KB with
//! plain scripts from `public/` instead. There is none yet; the grading console will bring the first.
