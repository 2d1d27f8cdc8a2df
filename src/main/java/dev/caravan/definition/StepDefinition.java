package dev.caravan.definition;

/**
 * A step of a workflow. Each kind compiles through its own translator; a switch over this
 * sealed type is exhaustive, so a new kind cannot be forgotten by the compiler.
 */
public sealed interface StepDefinition permits AgentStep, BranchStep, ForeachStep, LoopStep, WaitStep {

    /** Unique across the whole workflow, nested steps included. */
    String id();

    /** Options every kind shares: dependencies, condition, timeout, retry, continue on failure. */
    StepControl control();

    /** Where the step was written, for errors at run time. */
    SourcePosition position();
}
