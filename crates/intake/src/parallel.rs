//! A pure function of each line, over the cores the machine has, results in input order.

use std::num::NonZeroUsize;
use std::thread;

/// Fewer items than this per thread cost more to hand over than to do in place.
const MIN_PER_THREAD: usize = 4096;

/// Appends `f` of every item of `items` to `out`, in order.
pub(crate) fn map_in_order<T, R, F>(items: &[T], f: &F, out: &mut Vec<R>)
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = cores.min(items.len() / MIN_PER_THREAD).max(1);
    if threads == 1 {
        out.extend(items.iter().map(f));
        return;
    }
    let part = items.len().div_ceil(threads);
    thread::scope(|scope| {
        let mut parts = items.chunks(part);
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts
            .map(|items| scope.spawn(move || items.iter().map(f).collect::<Vec<R>>()))
            .collect();
        out.extend(first.iter().map(f));
        for other in others {
            match other.join() {
                Ok(results) => out.extend(results),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
}
