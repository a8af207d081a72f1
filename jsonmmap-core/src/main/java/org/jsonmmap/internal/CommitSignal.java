package org.jsonmmap.internal;

import static org.jsonmmap.internal.RegionLayout.EPOCH_OFFSET;
import static org.jsonmmap.internal.RegionLayout.FUTEX_WORD_OFFSET;
import static org.jsonmmap.internal.RegionLayout.HEADER_SIZE;
import static org.jsonmmap.internal.RegionLayout.LATEST_OFFSET;
import static org.jsonmmap.internal.RegionLayout.WAITERS_OFFSET;
import static org.jsonmmap.internal.RegionLayout.WAKER_EPOCH_OFFSET;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The wake protocol of docs/FORMAT.md ("Waiting"): followers that wait sleep on a futex over the low half
 * of the commit word; the writer wakes them after a commit when the header's waiter count is not zero.
 *
 * <p>The two sides form a Dekker pair. The writer stores the commit word (release), runs a full fence,
 * then loads {@code WAITERS}. A waiter increments {@code WAITERS} with an atomic add (a full fence), then
 * loads the commit word, and sleeps only if it is unchanged; the kernel sleeps only if the futex word
 * still holds the value the waiter saw. So either the waiter sees the new commit and does not sleep, or
 * the writer sees the waiter and wakes it. A wake is never needed for correctness: every sleep is bounded.
 *
 * <p>Each side maps the header page on its own, so growth (which remaps the payload) never moves the
 * futex word. Both are thread-safe.
 */
public final class CommitSignal {
    private CommitSignal() {
    }

    /** The writer's side: promises wakes (if this JVM can wake) and wakes after commits. */
    public static final class Waker {
        private final RegionBuffer header;
        private final Futex.Word word;

        /**
         * @param channel the writer's read-write channel of the region file
         * @throws IOException if the header page cannot be mapped
         */
        public Waker(FileChannel channel) throws IOException {
            Futex futex = Futex.get();
            if (futex.available()) {
                java.nio.MappedByteBuffer page = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_SIZE);
                this.header = new RegionBuffer(page);
                this.word = futex.word(page, FUTEX_WORD_OFFSET);
            } else {
                this.header = null;
                this.word = null;
            }
        }

        /** @return whether this writer wakes waiters (its JVM has a usable futex) */
        public boolean wakes() {
            return word != null;
        }

        /**
         * Stores {@code WAKER_EPOCH = epoch} (release) if this writer wakes, else leaves it, so waiters do not
         * count on wakes from a writer that cannot give them. Call after the epoch of a takeover is stored.
         *
         * @param epoch the writer's epoch
         */
        public void promiseWakesRelease(long epoch) {
            if (header != null) {
                header.putLongRelease(WAKER_EPOCH_OFFSET, epoch);
            }
        }

        /** Call right after the release store of the commit word: wakes sleepers if any are registered. */
        public void wakeWaitersAfterCommit() {
            if (word == null) {
                return;
            }
            // StoreLoad: the commit is visible before WAITERS is loaded (pairs with the waiter's atomic add)
            VarHandle.fullFence();
            if (header.getIntVolatile(WAITERS_OFFSET) != 0) {
                word.wakeAll();
            }
        }

        /** Wakes every sleeper, registered or not (after a tombstone, so waiters learn of the delete). */
        public void wakeAll() {
            if (word != null) {
                VarHandle.fullFence();
                word.wakeAll();
            }
        }
    }

    /** A follower's side: sleeps on the commit word until it changes, a wake, or a timeout. */
    public static final class Waiter {
        private final RegionBuffer header;
        private final boolean registers;
        private final Futex.Word word;

        private Waiter(RegionBuffer header, boolean registers, Futex.Word word) {
            this.header = header;
            this.registers = registers;
            this.word = word;
        }

        /**
         * Maps the header page for waiting. The waiter count is the one word a follower ever writes, and only
         * when the file's permissions let it open the file for writing; otherwise it maps the page read-only,
         * does not register, and so never counts on a wake.
         *
         * @param path the region file
         * @param readOnly the follower's read-only channel (used when the file cannot be opened for writing)
         * @return the waiter, or null when this JVM has no usable futex (callers park instead)
         */
        public static Waiter open(Path path, FileChannel readOnly) {
            Futex futex = Futex.get();
            if (!futex.available()) {
                return null;
            }
            java.nio.MappedByteBuffer page;
            boolean registers;
            try (FileChannel rw = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                page = rw.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_SIZE);
                registers = true;
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                try {
                    page = readOnly.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_SIZE);
                } catch (IOException e2) {
                    return null;
                }
                registers = false;
            }
            return new Waiter(new RegionBuffer(page), registers, futex.word(page, FUTEX_WORD_OFFSET));
        }

        /** Wakes every sleeper on this region's futex (e.g. a subscription being closed); others just look again. */
        public void wakeAll() {
            word.wakeAll();
        }

        /** @return whether this waiter registers in {@code WAITERS} (it could open the file for writing) */
        public boolean registers() {
            return registers;
        }

        /**
         * @return whether the current writer promised wakes and this waiter is registered, so that a long
         *         sleep costs no latency
         */
        public boolean wakePromised() {
            return registers && header.getLongAcquire(WAKER_EPOCH_OFFSET) == header.getLongAcquire(EPOCH_OFFSET)
                    && header.getLongAcquire(WAKER_EPOCH_OFFSET) != 0;
        }

        /**
         * Sleeps while the commit word is {@code seenWord}: until a wake, a change, a signal, or
         * {@code maxNanos}. The caller looks at the commit word again afterwards.
         *
         * @param seenWord the commit word the caller last saw
         * @param maxNanos the longest sleep
         */
        public void sleepWhileUnchanged(long seenWord, long maxNanos) {
            if (maxNanos <= 0) {
                return;
            }
            if (!registers) {
                word.waitWhileEquals((int) seenWord, maxNanos);
                return;
            }
            // atomic add = full fence: registered before the commit word is loaded again (pairs with the writer)
            header.getAndAddIntVolatile(WAITERS_OFFSET, 1);
            try {
                if (header.getLongVolatile(LATEST_OFFSET) == seenWord) {
                    word.waitWhileEquals((int) seenWord, maxNanos);
                }
            } finally {
                header.getAndAddIntVolatile(WAITERS_OFFSET, -1);
            }
        }
    }
}
