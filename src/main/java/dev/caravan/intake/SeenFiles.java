package dev.caravan.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.springframework.stereotype.Component;

/**
 * The folder route's filter: a workflow file is taken when it is new, or its size or modification
 * time differs from when it was last read. Unlike the file component's idempotent repository, a
 * file deleted and put back unchanged is read again: the folder forgets deleted files.
 */
@Component("workflowFileFilter")
class SeenFiles implements GenericFileFilter<File> {

    /** What a file looked like when it was read. */
    record Stamp(long length, long lastModifiedMillis) {

        static Stamp of(Path file) throws IOException {
            return new Stamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        }
    }

    private final Map<String, Stamp> read = new ConcurrentHashMap<>();

    @Override
    public boolean accept(GenericFile<File> file) {
        String name = file.getFileNameOnly();
        return !file.isDirectory() && WorkflowFolder.isWorkflowFile(name)
                && !new Stamp(file.getFileLength(), file.getLastModified()).equals(read.get(name));
    }

    void record(String fileName, Stamp stamp) {
        read.put(fileName, stamp);
    }

    /** Forgets the files that are gone, so that one put back is read again. */
    void retainOnly(Set<String> fileNames) {
        read.keySet().retainAll(fileNames);
    }
}
