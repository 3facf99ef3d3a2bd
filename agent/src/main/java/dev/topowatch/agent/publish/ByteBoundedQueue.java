package dev.topowatch.agent.publish;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * A multi-producer, single-consumer queue bounded by the total weight (bytes) of its elements.
 * {@link #offer} never blocks and never waits for a lock: when the element does not fit it returns
 * false and the caller drops it. The consumer sleeps in {@link #poll} until an element arrives.
 */
public final class ByteBoundedQueue<T> {
  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long capacity;
  private final ToLongFunction<T> weigher;
  private volatile Thread consumer;

  public ByteBoundedQueue(long capacityBytes, ToLongFunction<T> weigher) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacityBytes);
    }
    this.capacity = capacityBytes;
    this.weigher = weigher;
  }

  /** Adds the element if its weight fits in the remaining capacity; never blocks. */
  public boolean offer(T item) {
    long w = weigher.applyAsLong(item);
    long now;
    do {
      now = bytes.get();
      if (now + w > capacity) {
        return false;
      }
    } while (!bytes.compareAndSet(now, now + w));
    items.add(item);
    Thread c = consumer;
    if (c != null) {
      LockSupport.unpark(c);
    }
    return true;
  }

  /** Takes the oldest element, waiting at most {@code timeout}; null when none came. */
  public T poll(long timeout, TimeUnit unit) {
    consumer = Thread.currentThread();
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    T item;
    while ((item = items.poll()) == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return null;
      }
      LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
    bytes.addAndGet(-weigher.applyAsLong(item));
    return item;
  }

  /** Takes the oldest element without waiting; null when empty. */
  public T poll() {
    T item = items.poll();
    if (item != null) {
      bytes.addAndGet(-weigher.applyAsLong(item));
    }
    return item;
  }

  /** Bytes currently held. */
  public long bytes() {
    return bytes.get();
  }

  public long capacity() {
    return capacity;
  }
}
