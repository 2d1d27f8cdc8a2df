package dev.caravan.intake;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.springframework.stereotype.Component;

/**
 * The folder route's poll strategy: after each poll, once the new and changed files it found are
 * handled, the folder deals with the files that are gone. In this order a file renamed within the
 * folder is taken under its new name before its old name is missed, so its workflow stays.
 */
@Component("workflowFolderPolls")
class FolderPolls extends DefaultPollingConsumerPollStrategy {

    private final WorkflowFolder folder;

    FolderPolls(WorkflowFolder folder) {
        this.folder = folder;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        super.commit(consumer, endpoint, polledMessages);
        folder.pollDone();
    }
}
