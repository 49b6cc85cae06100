using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Applications.IS_20110_CancellationRelay;

/// <summary>What the 廃止取次 registration rules look at.</summary>
internal sealed class RelayRegistrationCheck : PointCheck
{
    public required RelayRegistrationRequest Request { get; init; }

    public DateOnly? Earliest { get; init; }

    public bool DateOutsideCalendar { get; init; }
}
