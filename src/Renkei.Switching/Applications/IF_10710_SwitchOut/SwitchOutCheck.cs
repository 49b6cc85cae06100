using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Applications.IF_10710_SwitchOut;

/// <summary>What the switch-out rules look at.</summary>
public sealed class SwitchOutCheck : PointCheck
{
    public required SwitchOutRequest Request { get; init; }
}
