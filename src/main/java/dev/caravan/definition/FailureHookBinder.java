package dev.caravan.definition;

import static dev.caravan.definition.ControlBinder.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds {@code error_handling.on_failure}: each hook is either an agent call ({@code agent} and
 * {@code action}, optional {@code params}) or a notification ({@code notify: slack}, or
 * {@code notify: webhook} with {@code url}).
 */
final class FailureHookBinder {

    private static final List<String> HOOK_KEYS = List.of("agent", "action", "params", "notify", "url");

    private final SourceMap positions;
    private final Problems problems;

    FailureHookBinder(SourceMap positions, Problems problems) {
        this.positions = positions;
        this.problems = problems;
    }

    List<FailureHook> hooks(JsonNode list, String path) {
        List<FailureHook> hooks = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return hooks;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode hook = list.get(i);
            if (hook.isObject()) {
                FailureHook bound = hook(hook, SourceMap.item(path, i));
                if (bound != null) {
                    hooks.add(bound);
                }
            }
        }
        return hooks;
    }

    private FailureHook hook(JsonNode hook, String path) {
        SourcePosition position = positions.valueAt(path);
        boolean callsAgent = hook.has("agent") || hook.has("action") || hook.has("params");
        if (hook.has("notify")) {
            if (callsAgent) {
                problems.add(position, "a hook is either an agent call (agent:, action:) or a notification (notify:), not both");
            }
            return notification(hook, path, position);
        }
        if (hook.has("url")) {
            problems.add(positions.keyAt(SourceMap.child(path, "url")), "url: only applies to notify: webhook");
        }
        if (!callsAgent) {
            // a misspelt key (notfy) is already reported with its correction
            boolean misspelt = hook.properties().stream().anyMatch(entry -> !HOOK_KEYS.contains(entry.getKey()));
            if (!misspelt) {
                problems.add(position, "a hook needs agent: with action:, or notify: slack or notify: webhook");
            }
            return null;
        }
        for (String key : List.of("agent", "action")) {
            if (!hook.has(key)) {
                problems.add(position, "missing required key '" + key + "' (an agent hook needs agent: and action:)");
            }
        }
        return new FailureHook.AgentHook(text(hook, "agent"), text(hook, "action"), TreeValues.map(hook.get("params")), position);
    }

    private FailureHook notification(JsonNode hook, String path, SourcePosition position) {
        String channel = text(hook, "notify");
        String url = text(hook, "url");
        if ("slack".equals(channel)) {
            if (hook.has("url")) {
                problems.add(positions.keyAt(SourceMap.child(path, "url")),
                        "url: only applies to notify: webhook; slack posts to SLACK_WEBHOOK_URL");
            }
            return new FailureHook.NotifyHook(FailureHook.Channel.SLACK, null, position);
        }
        if (!"webhook".equals(channel)) {
            return null;
        }
        if (!hook.has("url")) {
            problems.add(position, "notify: webhook needs url: (an http or https URL)");
        } else if (url != null && !url.contains("${") && !isHttpUrl(url)) {
            problems.add(positions.valueAt(SourceMap.child(path, "url")), "expected an http or https URL");
        }
        return new FailureHook.NotifyHook(FailureHook.Channel.WEBHOOK, url, position);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
