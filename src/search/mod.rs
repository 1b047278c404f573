//! Search over delivery attempts: the Lucene query language and its plain-scan matching ([`query`]).

pub mod query;
