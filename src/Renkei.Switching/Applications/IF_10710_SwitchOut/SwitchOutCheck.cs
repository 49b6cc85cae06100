using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;

namespace Renkei.Switching.Applications.IF_10710_SwitchOut;

/// <summary>What the switch-out rules look at.</summary>
internal sealed class SwitchOutCheck : PointCheck, ITextItems
{
    public required SwitchOutRequest Request { get; init; }

    public IEnumerable<TextItem> TextItems
    {
        get
        {
            yield return new("customerNumber", Request.CustomerNumber, "お客様番号", ItemShape.Number, 21);
        }
    }
}
