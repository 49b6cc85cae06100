namespace Renkei.Switching.Applications.Validation;

/// <summary>A validation rule of one application kind; each rule is a class with its error code.</summary>
/// <typeparam name="TCheck">What the rule looks at: the request and the store's facts, loaded under the point's lock.</typeparam>
internal interface IRule<in TCheck>
{
    /// <summary>The rule's error code (e.g. SW005).</summary>
    string Code { get; }

    /// <summary>The violations of this rule (none when it holds).</summary>
    IEnumerable<RuleViolation> Check(TCheck check);
}
