//! The retry policy: how long to wait after the n-th failed attempt, and when to give up.

use std::time::Duration;

use serde::Deserialize;

/// Back-off after a failure and the number of failures ("deaths") tolerated before a
/// delivery is dead-lettered. A delivery is attempted at most `1 + max_deaths` times.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RetryPolicy {
    pub max_deaths: u32,
    /// Delay after the n-th death, in seconds (index n-1); the last entry repeats.
    /// Empty means the reference module's `min(60, deaths^2)`.
    pub backoff_seconds: Vec<u64>,
    /// Upper bound for a receiver's `Retry-After`.
    pub retry_after_cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_deaths: 5, backoff_seconds: Vec::new(), retry_after_cap: Duration::from_secs(600) }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    RetryAfter(Duration),
    DeadLetter,
}

impl RetryPolicy {
    /// The delay after the `deaths`-th failure (1-based).
    pub fn backoff(&self, deaths: u32) -> Duration {
        let seconds = match self.backoff_seconds.as_slice() {
            [] => u64::from(deaths).saturating_mul(u64::from(deaths)).min(60),
            schedule => schedule[(deaths.max(1) as usize - 1).min(schedule.len() - 1)],
        };
        Duration::from_secs(seconds)
    }

    /// Decides the step after a retryable failure that brings the count to `deaths`.
    /// A receiver's `Retry-After` replaces the back-off, capped.
    pub fn after_failure(&self, deaths: u32, retry_after: Option<Duration>) -> NextStep {
        if deaths > self.max_deaths {
            return NextStep::DeadLetter;
        }
        match retry_after {
            Some(wait) => NextStep::RetryAfter(wait.min(self.retry_after_cap)),
            None => NextStep::RetryAfter(self.backoff(deaths)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schedule_is_the_reference_modules() {
        let p = RetryPolicy::default();
        let delays: Vec<u64> = (1..=9).map(|d| p.backoff(d).as_secs()).collect();
        assert_eq!(delays, vec![1, 4, 9, 16, 25, 36, 49, 60, 60]);
    }

    #[test]
    fn gives_up_after_max_deaths() {
        let p = RetryPolicy::default();
        assert_eq!(p.after_failure(5, None), NextStep::RetryAfter(Duration::from_secs(25)));
        assert_eq!(p.after_failure(6, None), NextStep::DeadLetter);
    }

    #[test]
    fn custom_schedule_repeats_its_last_entry() {
        let p = RetryPolicy { backoff_seconds: vec![2, 3], ..Default::default() };
        assert_eq!(p.backoff(1).as_secs(), 2);
        assert_eq!(p.backoff(7).as_secs(), 3);
    }

    #[test]
    fn retry_after_is_honoured_but_capped() {
        let p = RetryPolicy::default();
        let step = p.after_failure(1, Some(Duration::from_secs(120)));
        assert_eq!(step, NextStep::RetryAfter(Duration::from_secs(120)));
        let step = p.after_failure(1, Some(Duration::from_secs(86_400)));
        assert_eq!(step, NextStep::RetryAfter(Duration::from_secs(600)));
    }
}
