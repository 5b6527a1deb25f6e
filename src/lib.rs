//! minhbach: a static site generator for public transparency pages.
//!
//! A build is a pipeline of plain stages: [`load`] (files → model with source spans),
//! [`resolve`] (ids, names, references), [`assess`] (statuses, roll-ups), [`output`]
//! (open data), [`render`] (pages, charts) and [`write`] (atomically into the output folder).
//! [`pipeline`] runs the first stages for every command; [`build`], [`snapshot`] and [`serve`]
//! are the commands on top of it and never call each other.

pub mod allocator;
pub mod archive;
pub mod assess;
pub mod browser;
pub mod build;
pub mod cache;
pub mod diagnostic;
pub mod inputs;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod sheet;
pub mod snapshot;
pub mod stamp;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod theme;
pub mod theme_recursion;
pub mod timings;
pub mod write;
