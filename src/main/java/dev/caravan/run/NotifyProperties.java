package dev.caravan.run;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where {@code on_failure} notifications go.
 *
 * @param slackWebhookUrl the Slack incoming-webhook URL for {@code notify: slack}; from
 *                        {@code SLACK_WEBHOOK_URL}. Unset: such hooks fail, recorded on the run,
 *                        and deploying a workflow that has one warns.
 */
@ConfigurationProperties("caravan.notify")
public record NotifyProperties(String slackWebhookUrl) {

    public boolean slackConfigured() {
        return slackWebhookUrl != null && !slackWebhookUrl.isBlank();
    }
}
