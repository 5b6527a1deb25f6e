//! minhbach: a static site generator for public transparency pages.
//!
//! A build is a pipeline of plain stages: [`load`] (files → model with source spans),
//! [`resolve`] (ids, names, references), [`assess`] (statuses, roll-ups), [`output`]
//! (open data, pages) and [`write`] (atomically into the output directory).

pub mod archive;
pub mod assess;
pub mod browser;
pub mod build;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod sheet;
pub mod snapshot;
pub mod text;
pub mod theme;
pub mod write;
