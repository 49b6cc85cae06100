using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10610_SwitchIn;

/// <summary>What the switch-in rules look at.</summary>
internal sealed class SwitchInCheck : PointCheck, ITextItems, IContentCheck, IEnvelopeCheck
{
    public string Kind => ApplicationKinds.SwitchIn;

    public ApplicationContent? Content => Request.Content;

    public RequestEnvelope? Envelope => Request.Envelope;

    public required SwitchInRequest Request { get; init; }

    public IEnumerable<TextItem> TextItems => ContentItems.Of(Request.Content);

    public CancellationRelay? Relay { get; init; }

    /// <summary>The earliest date under the standard period, when the point is known.</summary>
    public DateOnly? Earliest { get; init; }

    /// <summary>The switch date the application would take (requested or default).</summary>
    public DateOnly? SwitchDate { get; init; }

    public bool DateOutsideCalendar { get; init; }

    /// <summary>No date was asked for and the point's reading schedule has no day loaded after the standard period.</summary>
    public bool NoScheduledReadingDay { get; init; }
}
