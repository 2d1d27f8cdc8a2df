package dev.caravan.definition;

/**
 * Reads a workflow file into a validated {@link WorkflowDefinition}, or rejects it with every
 * error at once. Four stages, each on the output of the one before: YAML text to a tree with
 * positions, the tree checked against {@link WorkflowSchema}, the tree bound to records, the
 * records checked as a whole (ids, dependencies, agents, expressions). Before them, and between
 * the first two, the {@link WorkflowLimits}: a text too large, or with too many steps, is refused
 * with that one error, before the costly stages.
 *
 * <p>The limits, and the lengths of texts that end up in database columns ({@link WorkflowSchema#MAX_ID}
 * and the rest), hold for new texts ({@link #parse}). A stored revision ({@link #parseStored}) is
 * held to neither: it was accepted under the limits of its day, and it is read again at every
 * start, so a limit added or lowered since must not lose the workflow or end its runs.
 *
 * <p>Thread-safe: one instance serves any number of files; the JSON Schema is compiled once, in
 * the constructor. Wire it as a singleton bean, with the agent registry as {@link AgentCatalog},
 * the expression language as {@link ExpressionSyntax} and Caravan's trigger settings as
 * {@link TriggerPolicy}.
 */
public final class WorkflowParser {

    private final AgentCatalog agents;
    private final ExpressionSyntax expressions;
    private final TriggerPolicy triggers;
    private final WorkflowLimits limits;
    private final SchemaChecker schema = new SchemaChecker();

    /** A parser that refuses every trigger ({@link TriggerPolicy#NONE}). */
    public WorkflowParser(AgentCatalog agents, ExpressionSyntax expressions) {
        this(agents, expressions, TriggerPolicy.NONE);
    }

    /** A parser with the default {@link WorkflowLimits}. */
    public WorkflowParser(AgentCatalog agents, ExpressionSyntax expressions, TriggerPolicy triggers) {
        this(agents, expressions, triggers, WorkflowLimits.DEFAULT);
    }

    public WorkflowParser(AgentCatalog agents, ExpressionSyntax expressions, TriggerPolicy triggers,
            WorkflowLimits limits) {
        this.agents = agents;
        this.expressions = expressions;
        this.triggers = triggers;
        this.limits = limits;
    }

    /** The limits {@link #parse} applies. */
    public WorkflowLimits limits() {
        return limits;
    }

    /**
     * @param sourceName the file name (or another name) errors are reported against; a name ending
     *                   in {@code .yml} or {@code .yaml} gives the workflow its default id
     * @param yamlText the workflow as the user wrote it, kept verbatim in {@link WorkflowDefinition#source()}
     * @throws WorkflowValidationException with every error found, ordered by line then column
     */
    public WorkflowDefinition parse(String sourceName, String yamlText) {
        return parse(sourceName, yamlText, limits, true);
    }

    /**
     * Parses a text that was deployed before, as {@link #parse} does but without the limits and
     * the lengths of texts: they hold for new deploys, and one added or lowered since this text
     * was stored must not lose the workflow, nor the runs that pinned it.
     */
    public WorkflowDefinition parseStored(String sourceName, String yamlText) {
        return parse(sourceName, yamlText, WorkflowLimits.NONE, false);
    }

    private WorkflowDefinition parse(String sourceName, String yamlText, WorkflowLimits applied, boolean lengthsChecked) {
        Problems problems = new Problems(sourceName);
        if (applied.tooLarge(yamlText)) {
            problems.add(new SourcePosition(1, 1, ""), applied.sourceTooLarge());
            problems.throwIfAny();
        }
        YamlTree tree = new YamlTreeReader(applied.maxSourceBytes()).read(yamlText, problems).orElseThrow(problems::exception);
        int steps = StepCount.of(tree.root());
        if (steps > applied.maxSteps()) {
            problems.add(tree.positions().keyAt("steps"), applied.tooManySteps(steps));
            problems.throwIfAny();
        }
        schema.check(tree, problems, lengthsChecked);
        if (!tree.root().isObject()) {
            problems.throwIfAny();
        }
        DefinitionBinder binder = new DefinitionBinder(tree.positions(), problems, lengthsChecked);
        WorkflowDefinition workflow = binder.bind(WorkflowSource.of(sourceName, yamlText), tree.root());
        new SemanticValidator(agents, expressions, tree.positions(), problems, binder.unboundStepIds()).validate(workflow);
        new TriggerChecker(triggers, tree.positions(), problems).check(workflow.triggers());
        problems.throwIfAny();
        return workflow;
    }
}
