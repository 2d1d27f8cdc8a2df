package dev.caravan.intake;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.stereotype.Component;

/**
 * The folder route's poll strategy: the folder notes which files it holds before each poll lists
 * it, and after the poll, once the new and changed files are handled, deals with the files that
 * are gone. So a file renamed within the folder is taken under its new name before its old name is
 * missed, and its workflow stays.
 */
@Component("workflowFolderPolls")
class FolderPolls extends DefaultPollingConsumerPollStrategy {

    private final WorkflowFolder folder;

    FolderPolls(WorkflowFolder folder) {
        this.folder = folder;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        folder.pollStarting();
        return super.begin(consumer, endpoint);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        super.commit(consumer, endpoint, polledMessages);
        folder.pollDone();
    }
}
