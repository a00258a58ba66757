package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The lock that lets one gateway at a time run the embedded server of a data directory. It is an operating-system
 * file lock, so a killed gateway releases it with its process: the next start is never locked out by a stale file.
 * The file names the holder (process id and start time) for the error the second gateway prints.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once with a message naming the gateway that holds it. */
    static DataDirectoryLock acquire(Path file, Path dataDirectory) {
        FileChannel channel = null;
        try {
            PrivateFiles.touch(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new EmbeddedPostgresException("data directory " + dataDirectory + " is in use by another gateway ("
                        + holder + "); stop it first or give this one its own --data-dir");
            }
            byte[] holder = ("gateway process " + ProcessHandle.current().pid() + ", started " + Instant.now())
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder), 0);
            channel.force(true);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EmbeddedPostgresException("cannot lock data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when a gateway (another process) holds the lock now. The probe takes the lock for an instant if it is
     * free. Call it only from a process that is not itself running the gateway of this data directory: closing the
     * probe's file would drop that process's own lock (POSIX record locks belong to the process).
     */
    static boolean heldByAnother(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read the lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;   // held by this very JVM (a second gateway in one process)
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(200);
        int read = channel.read(buffer, 0);
        String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "unknown process" : text;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is stopping; the operating system drops the lock with it
        }
    }
}
