using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Applications.IF_10710_SwitchOut;

/// <summary>What the switch-out rules look at.</summary>
internal sealed class SwitchOutCheck : PointCheck
{
    public required SwitchOutRequest Request { get; init; }
}
