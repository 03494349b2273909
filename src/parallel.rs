//! Independent pieces of work spread over the machine's cores, results in input order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `work(0)`, `work(1)`, … `work(count - 1)`, in that order. With at least `worth_it` pieces
/// and more than one core, threads take the next piece from a shared counter, so one large
/// piece does not leave the other cores idle. A panic in a piece is the caller's panic.
pub fn map_in_order<R: Send>(
    count: usize,
    worth_it: usize,
    work: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    let threads = if count < worth_it.max(2) {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    if threads < 2 {
        return (0..count).map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(count))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= count {
                            break mine;
                        }
                        mine.push((n, work(n)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(n, _)| *n);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_whatever_the_threads_do() {
        for count in [0, 1, 7, 8, 100] {
            let squares = map_in_order(count, 8, |n| n * n);
            assert_eq!(squares, (0..count).map(|n| n * n).collect::<Vec<_>>());
        }
    }
}
