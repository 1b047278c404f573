//! Sizes every backend accepts (SQLite, MySQL/MariaDB, RabbitMQ), checked before anything is
//! written: a value too large fails the same way on each, as a validation error naming it,
//! rather than with a database's own error ("Data too long") or a dropped connection.
//!
//! MySQL and MariaDB bound a statement by `max_allowed_packet` (16 MiB by default on MariaDB,
//! 64 MiB on MySQL 8) and a `mediumtext` column by 16 MiB; RabbitMQ 4 bounds a message by
//! 16 MiB. Payloads of 4 MiB stay well inside all of them, and statements that write many
//! rows are cut so that each carries at most [`STATEMENT_BYTES`].

use crate::error::{Error, Result};

/// The published arguments of one event, as JSON.
pub const MAX_ARGUMENTS_BYTES: usize = 4 * 1024 * 1024;

/// The payload a resolver returns for one event, as JSON.
pub const MAX_PAYLOAD_BYTES: usize = 4 * 1024 * 1024;

/// A subscription's verification token (sealed, it must fit the 512 characters of its column).
pub const MAX_TOKEN_BYTES: usize = 256;

/// Values one multi-row statement carries at most; a single row of the largest payload fits.
pub const STATEMENT_BYTES: usize = 8 * 1024 * 1024;

/// Refuses `len` bytes of `what` over `max`.
pub fn check(what: &str, len: usize, max: usize) -> Result<()> {
    if len > max {
        return Err(Error::validation(format!("{what}: {len} bytes, over the limit of {max} bytes")));
    }
    Ok(())
}

/// Cuts `items` into runs of at most `max_rows` whose `size` adds up to at most
/// [`STATEMENT_BYTES`] (an item larger than that alone is a run of its own).
pub fn statement_chunks<'a, T>(items: &'a [T], max_rows: usize, size: impl Fn(&T) -> usize + 'a) -> impl Iterator<Item = &'a [T]> + 'a {
    let mut rest = items;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (mut end, mut bytes) = (0, 0);
        while end < rest.len() && end < max_rows {
            let next = size(&rest[end]);
            if end > 0 && bytes + next > STATEMENT_BYTES {
                break;
            }
            bytes += next;
            end += 1;
        }
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(chunk)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_cut_by_rows_and_by_bytes() {
        let small = vec![10usize; 7];
        let sizes: Vec<usize> = statement_chunks(&small, 3, |s| *s).map(<[usize]>::len).collect();
        assert_eq!(sizes, [3, 3, 1]);
        let mib = 1024 * 1024;
        let large = vec![3 * mib, 3 * mib, 3 * mib, 9 * mib, 1];
        let sizes: Vec<usize> = statement_chunks(&large, 500, |s| *s).map(<[usize]>::len).collect();
        assert_eq!(sizes, [2, 1, 1, 1], "6 MiB fit, a third 3 MiB does not; 9 MiB stands alone");
        assert_eq!(statement_chunks(&Vec::<usize>::new(), 5, |s| *s).count(), 0);
    }

    #[test]
    fn a_size_over_the_limit_is_named() {
        assert!(check("the token", 256, MAX_TOKEN_BYTES).is_ok());
        let error = check("the token", 257, MAX_TOKEN_BYTES).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::Validation);
        assert!(error.to_string().contains("the token: 257 bytes, over the limit of 256 bytes"), "{error}");
    }
}
