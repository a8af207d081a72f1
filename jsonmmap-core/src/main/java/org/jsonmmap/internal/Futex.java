package org.jsonmmap.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Linux futex wait and wake on a 32-bit word of a shared file mapping: a follower sleeps in the kernel on
 * the low half of the commit word and the writer wakes it after a commit (docs/FORMAT.md, "Waiting").
 *
 * <p>On JDK 22 and later the implementation calls the {@code futex} system call through the Foreign
 * Function and Memory API (class {@code FfmFutex}, in the jar's {@code META-INF/versions/22} layer). It is
 * used only when the JVM grants native access to this code ({@code --enable-native-access=ALL-UNNAMED}, or
 * the module's name on the module path), on Linux x86-64 or AArch64, unless the system property
 * {@code jsonmmap.futex} is {@code false}. Everywhere else {@link #get()} returns an instance that is
 * {@linkplain #available() not available}: waiters fall back to timed parking, and correctness never
 * depends on a wake.
 */
public abstract class Futex {
    private static final System.Logger LOG = System.getLogger(Futex.class.getName());
    private static final Futex INSTANCE = load();

    /** For subclasses only. */
    protected Futex() {
    }

    /** @return the futex of this JVM (never null; possibly {@linkplain #available() unavailable}) */
    public static Futex get() {
        return INSTANCE;
    }

    /** @return whether {@link #word} returns words that really sleep and wake */
    public abstract boolean available();

    /** @return why the futex is or is not used, for logs and diagnostics */
    public abstract String description();

    /**
     * A futex word at {@code offset} of a shared mapping. The word keeps {@code mapping} reachable.
     *
     * @param mapping a direct (mapped) buffer; read-only is enough to wait
     * @param offset a multiple of 4
     * @return the word
     */
    public abstract Word word(ByteBuffer mapping, int offset);

    /** One futex word. Thread-safe. */
    public interface Word {
        /**
         * Sleeps while the word equals {@code expected}, at most {@code timeoutNanos}. Returns early on a
         * wake, a signal, or at once when the word differs; the caller always checks again what it waits for.
         *
         * @param expected the value seen
         * @param timeoutNanos the longest sleep
         */
        void waitWhileEquals(int expected, long timeoutNanos);

        /**
         * Wakes every thread, in any process, sleeping on this word.
         *
         * @return how many were woken, or -1 if the call failed
         */
        int wakeAll();
    }

    private static Futex load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if ("false".equalsIgnoreCase(System.getProperty("jsonmmap.futex"))) {
            return new Unavailable("disabled by -Djsonmmap.futex=false");
        }
        if (Runtime.version().feature() < 22) {
            return new Unavailable("JDK " + Runtime.version().feature() + " has no Foreign Function API (needs 22+)");
        }
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return new Unavailable("no futex on " + os + "/" + arch);
        }
        try {
            Class<?> c = Class.forName("org.jsonmmap.internal.FfmFutex");
            Futex f = (Futex) c.getMethod("create").invoke(null);
            if (!f.available()) {
                LOG.log(Level.DEBUG, "jsonmmap futex wake-ups off: " + f.description());
            }
            return f;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Unavailable("futex layer not loaded (" + e + "); built on a JDK older than 22?");
        }
    }

    /** What a JVM without a usable futex gets: words that never sleep (callers park instead). */
    public static final class Unavailable extends Futex {
        private final String why;

        /** @param why the reason, for {@link #description()} */
        public Unavailable(String why) {
            this.why = why;
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public String description() {
            return "unavailable: " + why;
        }

        @Override
        public Word word(ByteBuffer mapping, int offset) {
            return new Word() {
                @Override
                public void waitWhileEquals(int expected, long timeoutNanos) {
                    java.util.concurrent.locks.LockSupport.parkNanos(timeoutNanos);
                }

                @Override
                public int wakeAll() {
                    return 0;
                }
            };
        }
    }
}
