package dev.caravan.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.definition.ValidationError;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder's small parts on their own: reports, where an id is declared, which files are taken again. */
class FolderPartsTest {

    @TempDir
    private Path folder;

    @Test
    void aReportListsEachErrorLikeACompilerAndIsReplacedWholeThenDeleted() throws IOException {
        ErrorReports reports = new ErrorReports(folder);

        reports.write("flow.yml", List.of(new ValidationError("flow.yml", 4, 5, "steps[0].agnet", "unknown key 'agnet'"),
                new ValidationError("flow.yml", 7, 12, "steps[1].agent", "no agent 'agent404'")));
        reports.write("flow.yml", List.of(new ValidationError("flow.yml", 2, 7, "name", "expected a string")));

        assertThat(Files.readAllLines(folder.resolve("flow.yml.errors")))
                .filteredOn(line -> !line.startsWith("#")).containsExactly("flow.yml:2:7: name: expected a string");
        assertThat(Files.readString(folder.resolve("flow.yml.errors"))).startsWith("# flow.yml was not deployed: 1 error.");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).as("no temporary file left behind").containsExactly(folder.resolve("flow.yml.errors"));
        }

        reports.clear("flow.yml");

        assertThat(folder.resolve("flow.yml.errors")).doesNotExist();
    }

    @Test
    void onlyTheReportsOfWorkflowFilesThatAreGoneAreDeletedAsOrphans() throws IOException {
        Files.writeString(folder.resolve("gone.yml.errors"), "x");
        Files.writeString(folder.resolve("here.yml.errors"), "x");
        Files.writeString(folder.resolve("notes.errors"), "a file of the user's, not a report");

        new ErrorReports(folder).clearOrphans(Set.of("gone.yml.errors", "here.yml.errors", "notes.errors", "here.yml"),
                Set.of("here.yml"));

        assertThat(folder.resolve("gone.yml.errors")).doesNotExist();
        assertThat(folder.resolve("here.yml.errors")).exists();
        assertThat(folder.resolve("notes.errors")).exists();
    }

    @Test
    void theDeclaredIdIsFoundWhereItsValueIsWritten() {
        assertThat(DeclaredId.in("name: Flow\nid:   flow-one\nsteps: []\n")).contains(new DeclaredId(2, 7));
        assertThat(DeclaredId.in("{ name: Flow, id: flow-one }")).contains(new DeclaredId(1, 19));
        assertThat(DeclaredId.in("name: Flow\nsteps: []\n")).as("the id comes from the file name").isEmpty();
    }

    @Test
    void onlyWorkflowFilesThatAreNotHiddenAreTaken() {
        assertThat(WorkflowFolder.isWorkflowFile("build.yml")).isTrue();
        assertThat(WorkflowFolder.isWorkflowFile("build.yaml")).isTrue();
        assertThat(WorkflowFolder.isWorkflowFile("build.yml.errors")).isFalse();
        assertThat(WorkflowFolder.isWorkflowFile(".build.yml")).as("hidden: an editor's or a writer's temporary file").isFalse();
        assertThat(WorkflowFolder.isWorkflowFile("build.yml.swp")).isFalse();
    }

    @Test
    void aFileIsTakenAgainWhenItChangesOrWhenItWasDeletedAndPutBack() throws IOException {
        SeenFiles seen = new SeenFiles();
        Path file = Files.writeString(folder.resolve("flow.yml"), "name: Flow\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-21T10:00:00Z")));

        assertThat(seen.accept(generic(file))).as("new").isTrue();
        seen.record("flow.yml", SeenFiles.Stamp.of(file));
        assertThat(seen.accept(generic(file))).as("unchanged").isFalse();

        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-21T10:00:01Z")));
        assertThat(seen.accept(generic(file))).as("written again").isTrue();
        seen.record("flow.yml", SeenFiles.Stamp.of(file));

        seen.retainOnly(Set.of());
        assertThat(seen.accept(generic(file))).as("deleted, then put back as it was").isTrue();
    }

    private static GenericFile<File> generic(Path path) throws IOException {
        GenericFile<File> file = new GenericFile<>();
        file.setFile(path.toFile());
        file.setFileNameOnly(path.getFileName().toString());
        file.setFileLength(Files.size(path));
        file.setLastModified(Files.getLastModifiedTime(path).toMillis());
        return file;
    }
}
