namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// What an internal service accepts: its own name (the audience its callers' tokens must name) and the callers
/// it trusts. <see cref="None"/> trusts nobody: every request is refused.
/// </summary>
public sealed class InternalCallerTrust
{
    public static InternalCallerTrust None { get; } = new() { Audience = "none" };

    /// <summary>This service's name, e.g. <c>metering</c>; tokens addressed to another service are refused.</summary>
    public required string Audience { get; init; }

    public IReadOnlyList<InternalCaller> Callers { get; init; } = [];

    /// <summary>Paths served without a proof (none by default).</summary>
    public IReadOnlyList<string> OpenPaths { get; init; } = [];
}
