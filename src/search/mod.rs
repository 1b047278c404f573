//! Search over delivery attempts: the Lucene query language and its plain-scan matching
//! ([`query`]), what an attempt's searchable fields are ([`attempt`]), the embedded index
//! ([`index`]), and queries, exports and indexing as the front door offers them ([`service`]).

pub mod attempt;
mod csv;
pub mod index;
pub mod query;
pub mod service;
#[cfg(test)]
mod tests;

pub use index::{ReindexProgress, SyncReport};
pub use service::{Search, SortOrder};
