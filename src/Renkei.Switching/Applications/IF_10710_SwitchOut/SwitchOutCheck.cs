using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10710_SwitchOut;

/// <summary>What the switch-out rules look at.</summary>
internal sealed class SwitchOutCheck : PointCheck, ITextItems, IContentCheck, IEnvelopeCheck
{
    public string Kind => ApplicationKinds.SwitchOut;

    public ApplicationContent? Content => Request.Content;

    public RequestEnvelope? Envelope => Request.Envelope;

    public required SwitchOutRequest Request { get; init; }

    public IEnumerable<TextItem> TextItems
    {
        get
        {
            yield return new("customerNumber", Request.CustomerNumber, "お客様番号", ItemShape.Number, 21);

            foreach (var item in ContentItems.Of(Request.Content))
            {
                yield return item;
            }
        }
    }
}
