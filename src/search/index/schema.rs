//! The index's schema: the attempt's log id, and every named value of an attempt in four
//! dynamic (JSON) fields, one per way of matching it.
//!
//! - `log_id`: u64, indexed (deletes) and fast (order of results, exports).
//! - `values`: each value as whole, lowercased text; indexed (terms, and the term-dictionary
//!   walks of wildcards, fuzzy terms and phrases) and fast (prefixes such as `CK*`, text ranges
//!   and "has a value" scan a column of term ordinals instead of walking the dictionary).
//! - `numbers`: number values as f64, indexed (a number term equals a number value: `500.0`
//!   finds 500, while the text "500" is only found as text).
//! - `ranges`: numbers, and texts that read as decimal numbers, as f64; fast only.
//! - `dates`: texts that read as dates, as i64 nanoseconds since the epoch (UTC); fast only.
//!
//! Each JSON field's paths are the value's dotted name (`data.data.customer_email`), split on
//! dots (tantivy's "expand dots"), so `{"a.b": 1}` and `{"a": {"b": 1}}` are the same name, as
//! in [`SearchedAttempt`](crate::search::attempt::SearchedAttempt).

use tantivy::schema::{Field, IndexRecordOption, JsonObjectOptions, Schema, TextFieldIndexing, FAST, INDEXED};

/// The fields of an index built with [`schema`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields {
    pub log_id: Field,
    pub values: Field,
    pub numbers: Field,
    pub ranges: Field,
    pub dates: Field,
}

pub(super) fn schema() -> (Schema, Fields) {
    // Values are lowercased before they reach the index, so the raw tokenizer keeps them whole.
    let indexed = || {
        let indexing =
            TextFieldIndexing::default().set_tokenizer("raw").set_index_option(IndexRecordOption::Basic).set_fieldnorms(false);
        JsonObjectOptions::default().set_indexing_options(indexing).set_expand_dots_enabled()
    };
    let fast = || JsonObjectOptions::default().set_fast(None).set_expand_dots_enabled();
    let mut builder = Schema::builder();
    let fields = Fields {
        log_id: builder.add_u64_field("log_id", INDEXED | FAST),
        values: builder.add_json_field("values", indexed().set_fast(None)),
        numbers: builder.add_json_field("numbers", indexed()),
        ranges: builder.add_json_field("ranges", fast()),
        dates: builder.add_json_field("dates", fast()),
    };
    (builder.build(), fields)
}
