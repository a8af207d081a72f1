package org.jsonmmap.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The futex system call through the Foreign Function and Memory API (JDK 22+): no JNI library, no
 * {@code --add-opens}. Needs native access ({@code --enable-native-access=ALL-UNNAMED}); without it
 * {@link #create()} returns an unavailable futex instead of letting the JVM print a warning.
 *
 * <p>Shared (not {@code FUTEX_PRIVATE_FLAG}) operations: the kernel keys a shared futex by file and
 * offset, so a reader's read-only mapping and the writer's read-write mapping of the same page meet.
 */
@SuppressWarnings("restricted")
public final class FfmFutex extends Futex {
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final MethodHandle syscall;
    private final long sysFutex;
    private final ThreadLocal<MemorySegment> timespec =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    private FfmFutex(MethodHandle syscall, long sysFutex) {
        this.syscall = syscall;
        this.sysFutex = sysFutex;
    }

    /**
     * Links {@code syscall(2)} if native access is enabled for this code.
     *
     * @return the futex, or an unavailable one saying why
     */
    public static Futex create() {
        if (!FfmFutex.class.getModule().isNativeAccessEnabled()) {
            return new Unavailable("native access is not enabled; run java with --enable-native-access=ALL-UNNAMED"
                    + " (or the module's name) for futex wake-ups");
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        long nr = arch.equals("aarch64") ? 98 : 202;
        Linker linker = Linker.nativeLinker();
        MethodHandle h = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                        JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
        FfmFutex f = new FfmFutex(h, nr);
        // probe: a wake on a private word must return 0 woken (a seccomp filter or an old kernel fails here)
        MemorySegment probe = Arena.ofAuto().allocate(4, 4);
        long r = f.call(probe.address(), FUTEX_WAKE, Integer.MAX_VALUE, 0);
        if (r != 0) {
            return new Unavailable("the futex system call failed (" + r + ")");
        }
        return f;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String description() {
        return "futex(2) through the Foreign Function API";
    }

    private long call(long address, int op, int value, long timeoutAddress) {
        try {
            return (long) syscall.invokeExact(sysFutex, address, (long) op, (long) value, timeoutAddress, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("futex call failed", t);
        }
    }

    @Override
    public Word word(ByteBuffer mapping, int offset) {
        if (!mapping.isDirect() || (offset & 3) != 0 || offset + 4 > mapping.capacity()) {
            throw new IllegalArgumentException("a futex word needs an aligned offset in a direct buffer");
        }
        long address = MemorySegment.ofBuffer(mapping).address() + offset;
        return new FfmWord(mapping, address);
    }

    private final class FfmWord implements Word {
        @SuppressWarnings("unused") // keeps the mapping (and so the address) alive
        private final ByteBuffer mapping;
        private final long address;

        FfmWord(ByteBuffer mapping, long address) {
            this.mapping = mapping;
            this.address = address;
        }

        @Override
        public void waitWhileEquals(int expected, long timeoutNanos) {
            MemorySegment ts = timespec.get();
            long t = Math.max(0, timeoutNanos);
            ts.set(JAVA_LONG, 0, t / NANOS_PER_SECOND);
            ts.set(JAVA_LONG, 8, t % NANOS_PER_SECOND);
            // returns 0 on a wake, -1 on EAGAIN (the word differs), ETIMEDOUT or EINTR: the caller looks again
            call(address, FUTEX_WAIT, expected, ts.address());
        }

        @Override
        public int wakeAll() {
            return (int) call(address, FUTEX_WAKE, Integer.MAX_VALUE, 0);
        }
    }
}
