//! The queue of published events (`event.trigger`). The SQL queue (`sql`) lives in the store's
//! database, so handing an event's deliveries over and acking its message commit together.

mod sql;

pub use sql::{enqueue_raw, ClaimedMessage, SqlQueue};
