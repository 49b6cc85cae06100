namespace Renkei.Switching.Tso;

/// <summary>The actors of the contract steps in the audit trail: the TSO, which keeps an area's contracts, and the hub, which keeps its copy.</summary>
internal static class TsoActors
{
    /// <summary>The TSO's steps (in-process or on its node).</summary>
    public const string Tso = "tso";

    /// <summary>The hub's own steps, its copy of a TSO node's contract changes among them.</summary>
    public const string Hub = "hub";
}
