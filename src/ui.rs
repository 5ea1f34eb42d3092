//! View code. `islands/` is all that reaches the browser as wasm; everything else renders on the
//! server only (in islands mode no other component is ever hydrated), so translations and
//! charting never weigh on the wasm.

pub mod aria;
#[cfg(feature = "ssr")]
pub mod components;
pub mod islands;
#[cfg(feature = "ssr")]
pub mod response;
#[cfg(feature = "ssr")]
pub mod text;
