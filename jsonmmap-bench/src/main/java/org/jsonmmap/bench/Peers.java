package org.jsonmmap.bench;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import net.openhft.chronicle.map.ChronicleMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.openjdk.jmh.annotations.Fork;

/**
 * The peers measured beside jsonmmap in the same run: Chronicle Map (a persisted map, one entry, the document
 * as a {@code byte[]} value) and Agrona's broadcast buffer (transmitter and copy receiver over a mapped file),
 * and the JVM flags they need. The flags are confined to this module: its JMH forks and its child JVMs.
 */
final class Peers {
    /**
     * What Chronicle Map needs on JDK 17+ (its documentation's list) and Agrona 2 (jdk.internal.misc.Unsafe), and
     * no analytics call home or banner: the flags {@link PeersBenchmark}'s JMH fork is given, read from its
     * {@code @Fork} (an annotation needs its list as a constant, so the list is written there once).
     */
    static final List<String> JVM_FLAGS = List.of(PeersBenchmark.class.getAnnotation(Fork.class).jvmArgsPrepend());

    static final Integer KEY = 1;

    private Peers() {
    }

    /**
     * Creates or opens the persisted one-entry map (the writer creates it, a reader in another JVM opens it).
     *
     * @param file the map's file
     * @param valueBytes the size of the values it holds
     * @return the map
     */
    static ChronicleMap<Integer, byte[]> chronicleMap(File file, int valueBytes) throws IOException {
        return ChronicleMap.of(Integer.class, byte[].class).name("jsonmmap-peer").entries(16)
                .averageValueSize(valueBytes).createPersistedTo(file);
    }

    /**
     * A broadcast buffer over a mapped file, large enough for messages of {@code maxMessage} bytes.
     *
     * @param file the file (created with the right length if missing)
     * @param maxMessage the largest message
     * @param messages how many such messages the ring holds before a slow receiver is lapped
     * @return the buffer
     */
    static UnsafeBuffer broadcastBuffer(Path file, int maxMessage, int messages) throws IOException {
        int capacity = Integer.highestOneBit(Math.max(4096, (maxMessage + 64) * messages) - 1) << 1;
        int length = capacity + BroadcastBufferDescriptor.TRAILER_LENGTH;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (ch.size() < length) {
                ch.write(java.nio.ByteBuffer.allocate(1), length - 1);
            }
            MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, length);
            return new UnsafeBuffer(mapped);
        }
    }

    static boolean exists(Path file) {
        return Files.exists(file);
    }
}
